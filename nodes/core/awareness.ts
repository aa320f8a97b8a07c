// Lifeguard local health multiplier (memberlist awareness.go). The score stays in
// [0, max-1]; probe interval and probe timeout are scaled by score+1. When
// lifeguardLhm is off the score is pinned at 0, which is plain SWIM timing.

export class Awareness {
  private score = 0;

  constructor(private readonly max: number, private readonly enabled: boolean) {}

  get value(): number {
    return this.score;
  }

  apply(delta: number): void {
    if (!this.enabled) return;
    this.score = Math.min(Math.max(0, this.score + delta), Math.max(0, this.max - 1));
  }

  scale(ms: number): number {
    return ms * (this.score + 1);
  }
}
