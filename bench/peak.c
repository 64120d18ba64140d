// The float64 peak of one core, for `npm run bench`: multiply-adds on registers only, nothing loaded or stored.
// Twelve independent accumulators (more than FMA latency × FMA units on current x86 cores) of 256-bit, and of
// 512-bit where the compiler targets AVX-512 (-march=native), each a fused multiply-add per step. Prints
// "<bits> <GFLOP/s>" per vector width. Built and run by bench/peak.ts with the machine's C compiler, if any.
#include <stdio.h>
#include <time.h>
#include <immintrin.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

#define CHAINS 12

static double peak256(long steps) {
  __m256d a[CHAINS];
  const __m256d m = _mm256_set1_pd(0.9999999), c = _mm256_set1_pd(1e-7);
  for (int i = 0; i < CHAINS; i++) a[i] = _mm256_set1_pd(i);
  double t = now();
  for (long k = 0; k < steps; k++)
    for (int i = 0; i < CHAINS; i++) a[i] = _mm256_fmadd_pd(a[i], m, c);
  t = now() - t;
  double sink = 0;
  for (int i = 0; i < CHAINS; i++) sink += a[i][0];
  if (sink == 42) puts("");
  return steps * CHAINS * 4 * 2 / t / 1e9;
}

#ifdef __AVX512F__
static double peak512(long steps) {
  __m512d a[CHAINS];
  const __m512d m = _mm512_set1_pd(0.9999999), c = _mm512_set1_pd(1e-7);
  for (int i = 0; i < CHAINS; i++) a[i] = _mm512_set1_pd(i);
  double t = now();
  for (long k = 0; k < steps; k++)
    for (int i = 0; i < CHAINS; i++) a[i] = _mm512_fmadd_pd(a[i], m, c);
  t = now() - t;
  double sink = 0;
  for (int i = 0; i < CHAINS; i++) sink += a[i][0];
  if (sink == 42) puts("");
  return steps * CHAINS * 8 * 2 / t / 1e9;
}
#endif

int main(void) {
  // best of five short runs: a shared machine takes the core away now and then
  double best256 = 0, best512 = 0;
  for (int r = 0; r < 5; r++) {
    double g = peak256(20000000);
    if (g > best256) best256 = g;
#ifdef __AVX512F__
    g = peak512(20000000);
    if (g > best512) best512 = g;
#endif
  }
  printf("256 %.3f\n", best256);
  if (best512 > 0) printf("512 %.3f\n", best512);
  return 0;
}
