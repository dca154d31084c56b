/** A short two-tone chime through the Web Audio API (no sound file to serve). */
let context: AudioContext | null = null;

export function playAlertChime(urgent: boolean): void {
  const AudioContextClass = globalThis.AudioContext;
  if (!AudioContextClass) return;
  context ??= new AudioContextClass();
  const start = context.currentTime;
  const tones = urgent ? [880, 660] : [660];
  tones.forEach((frequency, i) => {
    const oscillator = context!.createOscillator();
    const gain = context!.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.15, start + i * 0.18);
    gain.gain.exponentialRampToValueAtTime(0.001, start + i * 0.18 + 0.16);
    oscillator.connect(gain).connect(context!.destination);
    oscillator.start(start + i * 0.18);
    oscillator.stop(start + i * 0.18 + 0.17);
  });
}
