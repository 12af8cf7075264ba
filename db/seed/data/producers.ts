import type { SeedProducer } from "../types";

/**
 * Nine fictional producer groups. Places are real regencies and villages; the groups,
 * people, phone numbers, e-mail addresses and bank accounts are invented.
 */
export const producers: SeedProducer[] = [
  {
    slug: "sinar-kalibaru",
    name: "Sinar Kalibaru Women's Upcycling Group",
    summary:
      "Women from a coastal settlement in Cilincing, North Jakarta, who weave cleaned LDPE plastic sheets into sturdy bags, baskets and coasters.",
    story: `Sinar Kalibaru began in 2021 as a neighbourhood waste bank run by a handful of mothers in Kalibaru, Cilincing, on the fishing coast of North Jakarta, a short ride from the new international stadium. Most members had no regular income: their husbands work as day labourers or on the green-mussel boats, and plastic bags from the market washed up along the harbour wall every day.

In early 2024 the group joined a six-month vocational course with a local tailor trainer covering machine sewing, waste management and basic bookkeeping. The women learned to wash, sort and fuse used LDPE shopping bags into flat sheets, cut them into strips and weave them on simple wooden frames before stitching the panels into totes, market baskets and pouches. Each shopper bag keeps roughly sixty plastic bags out of the bay.

Kriya pays a 50% advance before every production order so the women can buy thread, zips and lining without borrowing. Piece rates are agreed with the whole group and are set above the Jakarta minimum wage for the hours a piece takes. Members work in a shared rented room with two sewing machines, and can also weave at home around school pick-ups.`,
    province: "DKI Jakarta",
    regency: "Jakarta Utara",
    village: "Kalibaru",
    island: "Java",
    latitude: -6.1031,
    longitude: 106.9262,
    crafts: ["LDPE weaving", "machine sewing"],
    foundedYear: 2021,
    memberCount: 24,
    womenCount: 24,
    homeworkers: false,
    contactName: "Ibu Sumarni Wijayanti",
    contactPhone: "+62 812-8841-3027",
    contactEmail: "sinar.kalibaru@example.id",
    payout: { bankName: "BRI", accountName: "Kelompok Perempuan Sinar Kalibaru", accountNumber: "0388-01-004127-50-3" },
    capacities: [
      { craft: "LDPE weaving", unitsPerWeek: 60 },
      { craft: "machine sewing", unitsPerWeek: 45 },
    ],
    visits: [
      {
        visitedOn: "2024-03-14",
        visitor: "Rina Hapsari",
        notes: "First visit after the training course. Weaving is neat but edge binding is uneven; agreed a second sewing session with the trainer.",
        unmet: [{ principle: 7, note: "Workroom has a single small window; a fan and a proper cutting table are needed before larger orders." }],
      },
      {
        visitedOn: "2025-02-20",
        visitor: "Rina Hapsari",
        notes: "Fan, cutting table and a second machine bought with a zero-interest revolving loan. Quality on the sample run of 120 totes passed first time.",
      },
      {
        visitedOn: "2026-01-29",
        visitor: "Yohanes Prasetyo",
        notes: "Group has elected a treasurer and keeps a clear ledger of advances and piece payments. Three new members joined from the neighbouring RW.",
      },
    ],
    palette: ["#F2EFE6", "#2E7D8C", "#E8A23A"],
  },
  {
    slug: "lembar-hijau",
    name: "Lembar Hijau Recycled Paper Collective",
    summary:
      "A Cakung collective of waste-picker families and young people with disabilities making notebooks and desk goods from recycled office paper.",
    story: `Lembar Hijau was started in 2009 by three families in Penggilingan, Cakung, East Jakarta, who had long earned a living sorting paper from the nearby industrial estates. Instead of selling the paper by the kilo, they learned to pulp it, pull sheets on wooden moulds and press them dry on the rooftop of their workshop.

Today the collective employs waste-picker families and several young people with hearing and mobility impairments, who work mainly in binding and finishing. Kriya's trainers have worked with the group on consistent sheet thickness, Japanese stab binding and non-toxic inks for cover printing. Pulp is coloured with natural additions such as onion skin, coffee grounds and pandan fibre.

Every order starts with a 50% advance, which the collective uses to buy glue, thread and board. Wages are paid weekly and are above the Jakarta minimum; the group also keeps a small fund for members' medical costs and school fees.`,
    province: "DKI Jakarta",
    regency: "Jakarta Timur",
    village: "Penggilingan",
    island: "Java",
    latitude: -6.2066,
    longitude: 106.9389,
    crafts: ["paper making", "bookbinding"],
    foundedYear: 2009,
    memberCount: 18,
    womenCount: 11,
    homeworkers: false,
    contactName: "Bapak Hendra Saputro",
    contactPhone: "+62 813-1957-6620",
    contactEmail: "lembarhijau@example.id",
    payout: { bankName: "BNI", accountName: "Koperasi Lembar Hijau", accountNumber: "0719384226" },
    capacities: [
      { craft: "paper making", unitsPerWeek: 400 },
      { craft: "bookbinding", unitsPerWeek: 150 },
    ],
    visits: [
      {
        visitedOn: "2023-05-09",
        visitor: "Yohanes Prasetyo",
        notes: "Pulping and drying run well. Discussed a ramp to the upper floor so members using wheelchairs can reach the binding room.",
        unmet: [{ principle: 7, note: "Binding room on the first floor is not accessible to two members who use wheelchairs." }],
      },
      {
        visitedOn: "2024-08-15",
        visitor: "Dewi Lestiani",
        notes: "Binding moved to the ground floor and a ramp built. New cover inks are water-based and tested non-toxic.",
      },
      {
        visitedOn: "2025-11-06",
        visitor: "Yohanes Prasetyo",
        notes: "All principles met. The collective ran a World Fair Trade Day workshop for a local school in May.",
      },
    ],
    palette: ["#F4EFE3", "#B9A88A", "#5E7F4F"],
  },
  {
    slug: "bunga-tanjung",
    name: "Bunga Tanjung Homeworkers' Group",
    summary:
      "Women homeworkers in Tanjung Morawa, Deli Serdang, who weave pandan leaf and sew cotton table linen in their own homes.",
    story: `The women of Bunga Tanjung live in Bangun Sari, a village of rubber smallholdings and small factories in Tanjung Morawa, Deli Serdang. For years many of them did piecework at home for garment middlemen, paid per dozen with no contract and often out of pocket for electricity and thread. In 2015 they formed a homeworkers' group with the help of a Medan rural development foundation and began to bargain together.

Weaving pandan is a skill many members learned from their mothers. The leaves are cut from village gardens, stripped of thorns, boiled, dried in the sun and dyed with low-impact dyes before being plaited into long strips and sewn into baskets and mats. Members who own sewing machines make cushion covers, placemats and table runners from hand-woven cotton.

Kriya pays a 50% advance on every order and a piece rate that includes an allowance for electricity and materials, agreed at a meeting of all members. The group runs a small credit union, and members have been helped to enrol in the national health insurance scheme. Work is collected and quality-checked at the group leader's house every Saturday.`,
    province: "North Sumatra",
    regency: "Deli Serdang",
    village: "Bangun Sari",
    island: "Sumatra",
    latitude: 3.5193,
    longitude: 98.7868,
    crafts: ["pandan weaving", "sewing"],
    foundedYear: 2015,
    memberCount: 46,
    womenCount: 44,
    homeworkers: true,
    contactName: "Ibu Rosmawati Siregar",
    contactPhone: "+62 812-6530-1184",
    contactEmail: "bungatanjung@example.id",
    payout: { bankName: "BRI", accountName: "Kelompok Pekerja Rumahan Bunga Tanjung", accountNumber: "2211-01-018873-53-9" },
    capacities: [
      { craft: "pandan weaving", unitsPerWeek: 80 },
      { craft: "sewing", unitsPerWeek: 120 },
    ],
    visits: [
      {
        visitedOn: "2023-04-18",
        visitor: "Bonar Sitompul",
        notes: "Visited six homes. Pandan quality is good; some members were still paying for thread themselves.",
        unmet: [{ principle: 4, note: "Piece rate for cushion covers did not yet include the cost of thread and electricity." }],
      },
      {
        visitedOn: "2024-09-10",
        visitor: "Bonar Sitompul",
        notes: "New piece rates with a materials and electricity allowance agreed in writing with all members. Credit union now has 31 savers.",
      },
      {
        visitedOn: "2026-03-24",
        visitor: "Dewi Lestiani",
        notes: "All principles met. Gender training held with members' husbands; two members now lead quality control.",
      },
    ],
    palette: ["#F3EEDC", "#6F8F3A", "#C2452D"],
  },
  {
    slug: "perak-sari-celuk",
    name: "Perak Sari Celuk Silversmiths",
    summary:
      "A family-run workshop in Celuk, Gianyar, hand-forging and granulating 925 sterling silver that is tested nickel-free.",
    story: `Celuk, in Sukawati district of Gianyar, has been a village of silversmiths for generations. Perak Sari was founded in 1988 by a smith who had trained in a large export workshop and wanted to work for himself and his neighbours. Today twenty-two smiths, half of them women, work in an open-sided studio behind the family compound.

The group works in 925 sterling silver only. Wire is drawn by hand, and the fine granulation (jawan) and twisted-wire (pilin) details that Celuk is known for are built up grain by grain and fused with a small torch. Each batch of alloy is tested for nickel, a check the group began after a Kriya training on allergy-safe jewellery, and every piece is hallmarked 925.

Kriya pays a 50% advance for silver, which lets the workshop buy metal at the current price rather than on credit. Smiths are paid a monthly wage plus a per-piece bonus, and apprentices from the village train for two years alongside a senior smith.`,
    province: "Bali",
    regency: "Gianyar",
    village: "Celuk",
    island: "Bali",
    latitude: -8.6088,
    longitude: 115.2637,
    crafts: ["silversmithing", "granulation"],
    foundedYear: 1988,
    memberCount: 22,
    womenCount: 11,
    homeworkers: false,
    contactName: "I Ketut Wirawan",
    contactPhone: "+62 812-3874-5019",
    contactEmail: "peraksari@example.id",
    payout: { bankName: "BNI", accountName: "UD Perak Sari Celuk", accountNumber: "0462197835" },
    capacities: [
      { craft: "silversmithing", unitsPerWeek: 90 },
      { craft: "granulation", unitsPerWeek: 30 },
    ],
    visits: [
      {
        visitedOn: "2023-07-04",
        visitor: "Made Ariani",
        notes: "Nickel spot-tests done on every alloy batch and logged. Fume extraction over the pickling bench works well.",
      },
      {
        visitedOn: "2024-10-22",
        visitor: "Made Ariani",
        notes: "Two new women apprentices started. Discussed safer storage for the acid pickle.",
        unmet: [{ principle: 10, note: "Spent pickle solution was being poured into the garden drain; neutralising and collection agreed." }],
      },
      {
        visitedOn: "2025-12-02",
        visitor: "Yohanes Prasetyo",
        notes: "Spent pickle is now neutralised with soda and collected by a licensed handler. All principles met.",
      },
    ],
    palette: ["#F1F1EF", "#A9ADB1", "#2F4858"],
  },
  {
    slug: "kulit-lawu",
    name: "Kulit Lawu Leather Workshop",
    summary:
      "Leatherworkers on Magetan's Jalan Sawo cutting and hand-stitching vegetable-tanned cowhide into wallets, belts and bags.",
    story: `Magetan, on the slopes of Mount Lawu in East Java, has been a leather town since the colonial era, and the shops of Jalan Sawo in Selosari still sell sandals and belts made in the back rooms. Kulit Lawu was founded in 1996 by a group of young cutters and stitchers who wanted fairer pay than the shop owners offered.

The workshop uses only vegetable-tanned cowhide, tanned with mimosa and tree barks rather than chromium salts, so the leather ages to a warm patina. Pieces are cut by hand from paper patterns, edges are bevelled, burnished with beeswax and saddle-stitched with waxed linen thread. Women members do most of the stitching and finishing; men mostly cut and press.

Kriya's 50% advance pays for hides up front, which used to be the group's biggest problem. Trainings with Kriya have covered pattern grading, edge finishing and workplace safety with knives and glues. Wages are paid weekly and members share the profit at the end of the year.`,
    province: "East Java",
    regency: "Magetan",
    village: "Selosari",
    island: "Java",
    latitude: -7.6455,
    longitude: 111.3338,
    crafts: ["leather cutting", "hand stitching"],
    foundedYear: 1996,
    memberCount: 16,
    womenCount: 9,
    homeworkers: false,
    contactName: "Bapak Sutrisno Hadi",
    contactPhone: "+62 813-3522-8146",
    contactEmail: "kulitlawu@example.id",
    payout: { bankName: "Mandiri", accountName: "Kulit Lawu Magetan", accountNumber: "143-00-0982716-4" },
    capacities: [
      { craft: "leather cutting", unitsPerWeek: 120 },
      { craft: "hand stitching", unitsPerWeek: 70 },
    ],
    visits: [
      {
        visitedOn: "2023-02-28",
        visitor: "Dewi Lestiani",
        notes: "Good edge finishing. Contact cement is used in the main workroom with the doors closed.",
        unmet: [
          { principle: 7, note: "Solvent-based glue used without ventilation; switch to water-based adhesive and open the rear wall." },
          { principle: 10, note: "Leather offcuts are burned behind the workshop." },
        ],
      },
      {
        visitedOn: "2024-06-12",
        visitor: "Dewi Lestiani",
        notes: "Water-based glue adopted and a vent fitted. Offcuts now go into key fobs and a local school's craft lessons.",
      },
      {
        visitedOn: "2025-09-17",
        visitor: "Rina Hapsari",
        notes: "All principles met. Four stitchers trained in pattern grading for the new tote range.",
      },
    ],
    palette: ["#F5EEE4", "#8A5A36", "#3B2A20"],
  },
  {
    slug: "jati-lestari-jepara",
    name: "Jati Lestari Woodworkers",
    summary:
      "A Jepara workshop building furniture and homeware from reclaimed teak salvaged from old village houses, boats and railway sleepers.",
    story: `Jepara on the north coast of Central Java is famous for teak carving, but most of the town's output depends on freshly felled logs. Jati Lestari, founded in 1983 in Tahunan, chose a different path: the group buys timber from dismantled joglo houses, old fishing boats and railway sleepers, and works it into new furniture.

Each board is de-nailed, checked for rot and left to settle before it is planed. Joints are mortise-and-tenon, pegged rather than screwed, and the pieces are finished with natural oils and beeswax. Because the timber has been seasoned for decades, it moves very little, and old nail holes and saw marks are kept as part of the character.

Kriya's 50% advance lets the workshop buy salvaged timber when it becomes available, rather than waiting for a buyer. Kriya also runs the replanting programme on the group's land, and carpenters have attended training on dust control and safe machine use.`,
    province: "Central Java",
    regency: "Jepara",
    village: "Tahunan",
    island: "Java",
    latitude: -6.6204,
    longitude: 110.6952,
    crafts: ["joinery", "wood turning", "carving"],
    foundedYear: 1983,
    memberCount: 28,
    womenCount: 6,
    homeworkers: false,
    contactName: "Bapak Muhammad Rofiq",
    contactPhone: "+62 812-2916-4753",
    contactEmail: "jatilestari@example.id",
    payout: { bankName: "BCA", accountName: "CV Jati Lestari Jepara", accountNumber: "2470318856" },
    capacities: [
      { craft: "joinery", unitsPerWeek: 12 },
      { craft: "wood turning", unitsPerWeek: 60 },
      { craft: "carving", unitsPerWeek: 8 },
    ],
    visits: [
      {
        visitedOn: "2023-09-05",
        visitor: "Yohanes Prasetyo",
        notes: "Timber records trace each batch to the house or boat it came from. Sanding is done in the open without masks.",
        unmet: [{ principle: 7, note: "Sanders were working without dust masks and there is no dust extraction." }],
      },
      {
        visitedOn: "2025-03-11",
        visitor: "Yohanes Prasetyo",
        notes: "Masks issued and worn; a dust extractor is on order through the revolving loan. 400 mahogany and teak seedlings planted on the group's land.",
        unmet: [{ principle: 7, note: "Dust extractor not yet installed." }],
      },
      {
        visitedOn: "2026-06-23",
        visitor: "Rina Hapsari",
        notes: "Extractor installed over the sanding bench. All principles met; two women now work as finishers.",
      },
    ],
    palette: ["#F3ECE2", "#9C6B3F", "#4A3526"],
  },
  {
    slug: "rotan-asri-tegalwangi",
    name: "Rotan Asri Tegalwangi",
    summary:
      "Rattan weavers in Tegalwangi, Cirebon, making chairs, lamps, mirrors and baskets on steamed rattan frames.",
    story: `Tegalwangi in Weru district, Cirebon, is the heart of West Java's rattan industry, with workshops lining the road from the village into town. Rotan Asri was founded in 1992 by a group of weavers who had worked for large export factories and wanted to keep more of the value in the village.

Rattan canes from Kalimantan and Sulawesi are sorted, steamed and bent around frames, then wrapped and woven with split rattan core and peel. Much of the fine weaving is done by women, some in the workshop and some on the verandas of their own houses. Finished pieces are sun-dried and coated with a water-based clear lacquer.

Kriya pays a 50% advance on all orders and has trained the group in product design, frame strength testing and the use of non-toxic finishes in place of solvent lacquers. Weavers are paid at rates agreed with the group, and the workshop contributes to accident insurance for all members.`,
    province: "West Java",
    regency: "Cirebon",
    village: "Tegalwangi",
    island: "Java",
    latitude: -6.7334,
    longitude: 108.5017,
    crafts: ["rattan weaving", "frame making"],
    foundedYear: 1992,
    memberCount: 34,
    womenCount: 19,
    homeworkers: false,
    contactName: "Ibu Nurhayati Rahman",
    contactPhone: "+62 813-2410-7395",
    contactEmail: "rotanasri@example.id",
    payout: { bankName: "Mandiri", accountName: "Rotan Asri Tegalwangi", accountNumber: "134-00-1574092-8" },
    capacities: [
      { craft: "rattan weaving", unitsPerWeek: 70 },
      { craft: "frame making", unitsPerWeek: 20 },
    ],
    visits: [
      {
        visitedOn: "2023-06-20",
        visitor: "Dewi Lestiani",
        notes: "Strong frames and even weaving. Sulphur smoking used to bleach some canes.",
        unmet: [{ principle: 10, note: "Canes are bleached with sulphur smoke in an open shed; agreed to trial sun-bleaching and natural colours." }],
      },
      {
        visitedOn: "2025-05-13",
        visitor: "Dewi Lestiani",
        notes: "Sulphur bleaching stopped; the range is now offered in natural and honey tones only. All principles met.",
      },
    ],
    palette: ["#F6EFE1", "#C8A165", "#7A4E2D"],
  },
  {
    slug: "enceng-rawa-pening",
    name: "Enceng Rawa Pening Weavers",
    summary:
      "Villagers on the shore of Lake Rawa Pening who turn invasive water hyacinth into baskets, trays and lamps.",
    story: `Water hyacinth chokes large parts of Lake Rawa Pening near Ambarawa, blocking fishing boats and the lake's hydro-electric intake. Since 2004 the weavers of Kebondowo, in Banyubiru district of Semarang regency, have harvested it as a raw material. Fishermen pull the plants from the water, and women strip and sun-dry the stems for two weeks until they are pale gold.

The dried stems are twisted into rope or plaited flat, then woven over bamboo or wire frames. Larger pieces such as laundry baskets and pendant lamps are built on moulds; smaller trays are finished with a bamboo rim. Colour comes only from the sun and, for the darker tones, from a bath of natural tea and mahogany bark dye.

The group is made up largely of women, many of whom weave at home between farm work. Kriya's 50% advance means the group can pay the harvesters on the day, and training has covered mould-free drying, quality grading and fair pricing. Members decide the piece rates together at a monthly meeting.`,
    province: "Central Java",
    regency: "Semarang",
    village: "Kebondowo",
    island: "Java",
    latitude: -7.2987,
    longitude: 110.4112,
    crafts: ["water hyacinth weaving", "bamboo framing"],
    foundedYear: 2004,
    memberCount: 62,
    womenCount: 51,
    homeworkers: true,
    contactName: "Ibu Tri Wahyuningsih",
    contactPhone: "+62 815-7720-3168",
    contactEmail: "enceng.rawapening@example.id",
    payout: { bankName: "BRI", accountName: "Kelompok Perajin Enceng Rawa Pening", accountNumber: "5872-01-020331-50-6" },
    capacities: [
      { craft: "water hyacinth weaving", unitsPerWeek: 150 },
      { craft: "bamboo framing", unitsPerWeek: 60 },
    ],
    visits: [
      {
        visitedOn: "2023-08-08",
        visitor: "Rina Hapsari",
        notes: "Harvest and drying well organised. Some stock in the storage shed showed mould after the wet season.",
      },
      {
        visitedOn: "2024-11-26",
        visitor: "Rina Hapsari",
        notes: "Raised drying racks and a ventilated store built with a zero-interest loan. Mould problems solved.",
      },
      {
        visitedOn: "2026-04-14",
        visitor: "Dewi Lestiani",
        notes: "All principles met. Twelve new homeworkers trained in flat-plait weaving for the tray range.",
      },
    ],
    palette: ["#F5F0E0", "#B8945A", "#56703F"],
  },
  {
    slug: "sekar-lasem",
    name: "Sekar Lasem Natural Batik",
    summary:
      "Women batik makers in Lasem, Rembang, drawing and stamping batik on cotton and dyeing it with indigo, mahogany bark and other plant dyes.",
    story: `Lasem, on the north coast of Central Java, grew rich on a blend of Javanese and Chinese batik traditions, known for its deep red and indigo cloths. Sekar Lasem was founded in 1998 by a group of batik drawers in Babagan who had worked for the old merchant houses and wanted to keep the craft alive on their own terms.

The group works only with natural dyes: indigo from locally grown Indigofera, red-brown from mahogany and tingi bark, yellow from jackfruit wood. Cloths are drawn by hand with a canting (batik tulis) or stamped with copper blocks (batik cap), then dipped many times and fixed with alum and lime. Spent dye baths are composted rather than poured into the river.

Almost all members are women, many of whom draw batik at home. Kriya pays a 50% advance on every order and has trained the group in colour-fastness testing, dye safety and costing. Members earn a wage per metre drawn that is agreed each year at the group's general meeting.`,
    province: "Central Java",
    regency: "Rembang",
    village: "Babagan",
    island: "Java",
    latitude: -6.6951,
    longitude: 111.4418,
    crafts: ["batik tulis", "batik cap", "natural dyeing"],
    foundedYear: 1998,
    memberCount: 38,
    womenCount: 35,
    homeworkers: true,
    contactName: "Ibu Lies Handayani",
    contactPhone: "+62 812-2803-9461",
    contactEmail: "sekarlasem@example.id",
    payout: { bankName: "BCA", accountName: "Kelompok Batik Sekar Lasem", accountNumber: "0851276403" },
    capacities: [
      { craft: "batik tulis", unitsPerWeek: 15 },
      { craft: "batik cap", unitsPerWeek: 60 },
      { craft: "natural dyeing", unitsPerWeek: 80 },
    ],
    visits: [
      {
        visitedOn: "2023-03-21",
        visitor: "Made Ariani",
        notes: "Beautiful indigo work. Dye room is small and hot and the wax pots are heated over kerosene stoves.",
        unmet: [{ principle: 7, note: "Ventilation in the dye room needs improvement; kerosene fumes from the wax stoves." }],
      },
      {
        visitedOn: "2024-07-30",
        visitor: "Made Ariani",
        notes: "Roof vents added and wax stoves moved to an open-sided shelter. Colour-fastness tests passed for the indigo range.",
      },
      {
        visitedOn: "2026-02-17",
        visitor: "Rina Hapsari",
        notes: "All principles met. Three daughters of members have joined as apprentices after finishing school.",
      },
    ],
    palette: ["#F4EEE3", "#2B3F6B", "#9E3B2A"],
  },
];
