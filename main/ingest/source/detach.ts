/**
 * A copy of a string that shares no memory with the text it was cut from. V8 keeps substrings of 13
 * characters and more as views of their parent, so a cache key or series name kept in a map would otherwise
 * pin a whole 1 MB input chunk in memory. The JSON round trip copies every code unit exactly, lone
 * surrogates included (a UTF-8 round trip would replace those).
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string)
}
