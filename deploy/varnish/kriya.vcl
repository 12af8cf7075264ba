vcl 4.1;
# Kriya behind Varnish 7 (Debian's `varnish`; no vmods beyond std and directors). docs/operations/deploy.md says how
# to run it:  varnishd -a :6081 -f /path/to/deploy/varnish/kriya.vcl -s malloc,256m
#
# What it relies on (ADR 004, ADR 017): a catalogue page is the same for everyone with the same URL; the display
# currency is in the query, the cart badge is read in the browser, so nothing personal is rendered on it. The app
# says what may be cached (Cache-Control: public, s-maxage=60, stale-while-revalidate=86400) and what each page
# shows (Surrogate-Key); every app server bans those keys here when the database announces a write
# (VARNISH_PURGE_URLS, scripts/varnish-purge.ts).

import std;
import directors;

# BEGIN BACKENDS (one per app server; tests/ops/support/varnish.ts rewrites this block)
probe kriya_ready {
    # Readiness, not liveness: a server whose database is away is taken out of the rotation.
    .url = "/healthz/ready";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}
backend server1 { .host = "127.0.0.1"; .port = "3000"; .probe = kriya_ready; .first_byte_timeout = 30s; }
backend server2 { .host = "127.0.0.1"; .port = "3001"; .probe = kriya_ready; .first_byte_timeout = 30s; }
sub vcl_init {
    new servers = directors.round_robin();
    servers.add_backend(server1);
    servers.add_backend(server2);
}
# END BACKENDS

# Who may ban (the app servers) and read /metrics. Loopback by default; add the app servers' addresses.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = servers.backend();

    # Purge by surrogate key: `BAN /` (or PURGE) with `Surrogate-Key: product:12 listing` or `all`.
    # Bans on obj.* only, so the ban lurker clears them in the background.
    if (req.method == "BAN" || req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.Surrogate-Key && req.http.X-Purge-Keys) {
            set req.http.Surrogate-Key = req.http.X-Purge-Keys;
        }
        if (req.http.Surrogate-Key == "all") {
            if (std.ban("obj.status != 0")) {
                return (synth(200, "Banned all"));
            }
            return (synth(500, std.ban_error()));
        }
        # Keys are [a-z]+ or [a-z]+:<digits>, space-separated: safe to put in a regular expression as they are.
        if (req.http.Surrogate-Key !~ "^[a-z]+(:[0-9]+)?( [a-z]+(:[0-9]+)?)*$") {
            return (synth(400, "Surrogate-Key must be keys like product:12, separated by spaces, or all"));
        }
        # The pattern holds no space (ban expressions are split on spaces): [[:space:]] stands for the separator.
        if (std.ban("obj.http.Surrogate-Key ~ (^|[[:space:]])(" + regsuball(req.http.Surrogate-Key, " ", "|") + ")([[:space:]]|$)")) {
            return (synth(200, "Banned"));
        }
        return (synth(500, std.ban_error()));
    }

    # Metrics are for the people who run the shop: from this machine only, and not through another proxy
    # (Varnish has already appended the client to X-Forwarded-For, so a comma means a hop before it).
    if (req.url ~ "^/metrics(\?|$)" && (client.ip !~ purgers || req.http.X-Forwarded-For ~ ",")) {
        return (synth(403, "Forbidden"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }

    # Personal or live areas are never looked up: the till, the back office, the importer's pages, the account,
    # carts, checkout, orders, webhooks, the health checks, the dev mailbox.
    if (req.url ~ "^/(pos|admin|wholesale|account|login|logout|cart|checkout|orders|webhooks|healthz|dev|receipt|metrics)(/|\?|$)") {
        return (pass);
    }
    # Remix single-fetch data (`/products/x.data`, `/_root.data`): the app's page cache never keeps them either, and
    # they carry the session's cookie for the routes that read one. Client-side navigations go to the servers.
    if (req.url ~ "^[^?]*\.data(\?|$)") {
        return (pass);
    }

    # Key: the path with a sorted query (the currency lives there) and the language.
    set req.url = std.querysort(req.url);
    # The storefront has one language today (English): every Accept-Language maps to "en". A second language
    # adds a branch here that maps the header to one of the shop's languages.
    set req.http.X-Kriya-Language = "en";

    # Catalogue pages and static files are the same for everyone: cookies are dropped, so a signed-in shopper with
    # a cart shares the cached copy (the header renders nothing personal server-side; the badge reads its cookie
    # in the browser).
    if (req.url ~ "^/(\?|$)" ||
        req.url ~ "^/(shop|products|producers|search|impact|batch)(/|\?|$)" ||
        req.url ~ "^/(assets|images)/" ||
        req.url ~ "^/[^/?]+\.(svg|ico|png|webp|jpg|js|css|txt|xml|webmanifest)(\?|$)") {
        unset req.http.Cookie;
        unset req.http.Authorization;
        return (hash);
    }
    # Everything else: the built-in rules (a request with a cookie or credentials is passed).
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.X-Kriya-Language);
    return (lookup);
}

sub vcl_backend_response {
    # Only what the shop marks public for shared caches is kept; never a response that sets a cookie, is private
    # or no-store, or is an error.
    if (beresp.http.Set-Cookie ||
        beresp.http.Cache-Control ~ "(private|no-store|no-cache)" ||
        beresp.http.Cache-Control !~ "(public|s-maxage)" ||
        beresp.status >= 400 ||
        bereq.uncacheable) {
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        return (deliver);
    }
    # A page whose inline scripts run by a nonce must not be replayed to others with that nonce. The app's own
    # page cache answers its stored copies with script hashes instead (ADR 017), so those are kept here; the first
    # render of a page is passed on once.
    if (beresp.http.Content-Security-Policy ~ "'nonce-") {
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        return (deliver);
    }
    # TTL from s-maxage (Varnish reads it); stale-while-revalidate becomes grace, served while a fresh copy is fetched.
    if (beresp.http.Cache-Control ~ "stale-while-revalidate=[0-9]+") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control, ".*stale-while-revalidate=([0-9]+).*", "\1") + "s", 10s);
    }
    # The app's own X-Cache/Age describe its memory, not ours.
    unset beresp.http.X-Cache;
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
    # Surrogate keys are for caches, not for browsers or anyone further out.
    unset resp.http.Surrogate-Key;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
