/**
 * Shoppers in Indonesia (and buyers who learnt the words at a market) search in Indonesian: "tas kulit",
 * "keranjang rotan". The catalogue is written in English, so each Indonesian word is read as the English
 * words it stands for. Pure: the model turns the groups into a full-text query.
 */
/** Longer than any real search; a longer text is refused with a 400 (it only costs the database work). */
export const MAX_SEARCH_LENGTH = 100;

const dictionary: Record<string, readonly string[]> = {
  // Things
  tas: ["bag", "tote", "pouch", "shopper"],
  dompet: ["wallet", "purse", "pouch"],
  keranjang: ["basket"],
  bakul: ["basket"],
  kursi: ["chair", "stool"],
  bangku: ["stool", "bench"],
  meja: ["table", "desk"],
  rak: ["shelf"],
  lampu: ["lamp", "light"],
  cermin: ["mirror"],
  kaca: ["mirror", "glass"],
  buku: ["notebook", "book", "sketchbook"],
  syal: ["scarf"],
  selendang: ["scarf"],
  kalung: ["necklace", "pendant"],
  liontin: ["pendant"],
  gelang: ["bracelet", "bangle", "cuff"],
  cincin: ["ring"],
  anting: ["earring", "hoop", "stud"],
  bantal: ["cushion", "pillow"],
  tikar: ["mat", "placemat"],
  tatakan: ["coaster", "placemat"],
  taplak: ["runner", "tablecloth"],
  serbet: ["napkin"],
  nampan: ["tray"],
  baki: ["tray"],
  mangkuk: ["bowl"],
  vas: ["vase"],
  jambangan: ["vase"],
  sabuk: ["belt"],
  hiasan: ["hanging", "decoration"],
  dinding: ["wall"],
  sampul: ["cover"],
  // Materials and crafts
  perak: ["silver"],
  kuningan: ["brass"],
  emas: ["gold"],
  kulit: ["leather"],
  rotan: ["rattan"],
  jati: ["teak"],
  kayu: ["wood", "wooden", "teak"],
  kertas: ["paper"],
  kain: ["fabric", "cloth", "textile"],
  katun: ["cotton"],
  kapas: ["cotton"],
  plastik: ["plastic", "ldpe"],
  eceng: ["hyacinth"],
  enceng: ["hyacinth"],
  gondok: ["hyacinth"],
  anyaman: ["woven", "weave", "plaited", "braided"],
  anyam: ["woven", "weave", "plaited", "braided"],
  tenun: ["woven", "weave", "handwoven"],
  tenunan: ["woven", "weave", "handwoven"],
  ukir: ["carved"],
  ukiran: ["carved"],
  daur: ["recycled", "upcycled"],
  ulang: ["recycled", "upcycled"],
  perhiasan: ["jewellery", "jewelry"],
  // Describing words
  besar: ["large", "big"],
  kecil: ["small"],
  hitam: ["black"],
  putih: ["white"],
  merah: ["red"],
  hijau: ["green"],
  biru: ["blue", "indigo"],
  coklat: ["brown"],
  cokelat: ["brown"],
};

const suffixes = ["nya", "lah", "kah", "ku", "mu"] as const;

/** Lower-cases, undoes reduplication ("tas-tas", the plural) and strips a clitic ("keranjangnya") when what's left is a known word. */
export function indonesianRoot(word: string): string {
  let w = word.toLowerCase();
  const halves = w.split("-");
  if (halves.length === 2 && halves[0] === halves[1]) w = halves[0]!;
  if (dictionary[w]) return w;
  for (const suffix of suffixes) {
    if (w.length > suffix.length + 2 && w.endsWith(suffix) && dictionary[w.slice(0, -suffix.length)]) return w.slice(0, -suffix.length);
  }
  return w;
}

/** The English words an Indonesian word stands for, or none when it isn't one we know. */
export function englishFor(word: string): readonly string[] {
  return dictionary[indonesianRoot(word)] ?? [];
}

/**
 * The query read word by word: each word with the words it may stand for (itself first). Null when no word is
 * Indonesian, so plain English search runs unchanged.
 */
export function searchWordGroups(query: string): string[][] | null {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? [];
  let translated = false;
  const groups = words.slice(0, 12).map((word) => {
    const english = englishFor(word);
    if (english.length) translated = true;
    return [...new Set([word, ...english])];
  });
  return translated ? groups : null;
}
