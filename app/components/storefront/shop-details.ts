/**
 * Who runs the shop, as the contact, privacy and imprint pages state it. One place, so the organisation fills in
 * its registration details once. Values in `toFill` are placeholders and are shown as such on the pages.
 */
export const shopDetails = {
  legalName: "PT Kriya Nusantara",
  tradingName: "Kriya",
  street: "Jl. Raya Kalimalang (street number to be filled in)",
  district: "Duren Sawit",
  city: "Jakarta Timur",
  postcode: "13440",
  province: "DKI Jakarta",
  country: "Indonesia",
  email: "hello@kriya.example",
  ordersEmail: "orders@kriya.example",
  privacyEmail: "privacy@kriya.example",
  wholesaleEmail: "wholesale@kriya.example",
  phone: "+62 21 0000 0000",
  hours: "Monday to Friday, 08:30–16:30 Jakarta time (UTC+7)",
  toFill: {
    nib: "NIB (Nomor Induk Berusaha): to be filled in by the organisation",
    npwp: "NPWP (tax number): to be filled in by the organisation",
    deed: "Deed of establishment and Ministry of Law approval (AHU) number: to be filled in by the organisation",
    director: "Director (Direktur): to be filled in by the organisation",
    phone: "Telephone number: to be confirmed by the organisation",
  },
} as const;

export const footerPages = [
  { to: "/shipping", label: "Shipping and returns" },
  { to: "/contact", label: "Contact us" },
  { to: "/privacy", label: "Privacy" },
  { to: "/imprint", label: "Imprint" },
] as const;
