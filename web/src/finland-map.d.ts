/** Made at build time by scripts/web-map.ts (see FinlandMap there): simplified and projected. */
declare module 'virtual:finland-map' {
  const map: {
    width: number;
    height: number;
    outline: string;
    centres: Record<string, [number, number]>;
    regions: string[];
    points: { source: number; kept: number };
  };
  export default map;
}
