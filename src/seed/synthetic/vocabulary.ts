import { Rng } from './random';

/**
 * Words for synthetic titles. Topic words are made up (so that a word names one
 * topic only and text similarity follows the topic mix); the general words are
 * real Swedish words of municipal project titles, so stemming and stop words
 * behave as on real titles.
 */
export const GENERAL_WORDS: readonly string[] = [
  'digital',
  'gemensam',
  'utveckling',
  'tjänster',
  'plattform',
  'samarbete',
  'modell',
  'system',
  'process',
  'automatisering',
  'förnyelse',
  'ledning',
  'kunskap',
  'service',
  'elektronisk',
  'regional',
  'kommunal',
  'data',
  'integration',
  'pilot',
  'verktyg',
  'information',
  'kundtjänst',
  'portal',
  'lösning',
  'nätverk',
  'analys',
  'hantering',
  'styrning',
  'rådgivning',
  'uppföljning',
  'kartläggning',
  'införande',
  'effektivisering',
  'harmonisering',
  'interoperabilitet',
  'mobil',
  'öppen',
  'smart',
  'hållbar',
];

const ONSETS = ['k', 'l', 'm', 'r', 'v', 's', 't', 'n', 'p', 'j', 'h', 'd', 'b', 'g', 'f'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'y', 'ä', 'ö'];
const CODAS = ['', '', 'n', 's', 'r', 'l', 'k', 'nd', 'st', 'm'];

/** A pronounceable made-up word of two or three syllables. */
function madeUpWord(rng: Rng): string {
  const syllables = rng.int(2, 3);
  let word = '';
  for (let i = 0; i < syllables; i++) {
    word += ONSETS[rng.int(0, ONSETS.length - 1)] + VOWELS[rng.int(0, VOWELS.length - 1)];
  }
  return word + CODAS[rng.int(0, CODAS.length - 1)];
}

/** `count` distinct made-up words that are not general words either. */
export function madeUpWords(rng: Rng, count: number): string[] {
  const seen = new Set<string>(GENERAL_WORDS);
  const words: string[] = [];
  while (words.length < count) {
    const word = madeUpWord(rng);
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words;
}

export const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
