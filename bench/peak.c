// The float64 peak of one core, for `npm run bench`: multiply-adds on registers only, nothing loaded or stored.
// Twelve independent accumulators (more than FMA latency × FMA units on current x86 cores) of 256-bit, and of
// 512-bit where the compiler targets AVX-512 (-march=native), each a fused multiply-add per step. Prints
// "<bits> <GFLOP/s>" per vector width. Built and run by bench/peak.ts with the machine's C compiler, if any.
#include <stdio.h>
#include <time.h>
#include <immintrin.h>

// the thread's CPU time, not the wall clock: on a machine shared with other work the core is taken away now and
// then, and the peak is what the core does while it runs this
static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

#define CHAINS 12

// Twelve named accumulators, not an array: at -O2 an array of vectors can live in memory, and the store-to-load
// round trip through it would be the limit instead of the multiply-add units.
#define STEP(fma, a) a = fma(a, m, c)
#define TWELVE(fma) \
  STEP(fma, a0); STEP(fma, a1); STEP(fma, a2); STEP(fma, a3); STEP(fma, a4); STEP(fma, a5); \
  STEP(fma, a6); STEP(fma, a7); STEP(fma, a8); STEP(fma, a9); STEP(fma, a10); STEP(fma, a11)

static double peak256(long steps) {
  const __m256d m = _mm256_set1_pd(0.9999999), c = _mm256_set1_pd(1e-7);
  __m256d a0 = _mm256_set1_pd(0), a1 = _mm256_set1_pd(1), a2 = _mm256_set1_pd(2), a3 = _mm256_set1_pd(3);
  __m256d a4 = _mm256_set1_pd(4), a5 = _mm256_set1_pd(5), a6 = _mm256_set1_pd(6), a7 = _mm256_set1_pd(7);
  __m256d a8 = _mm256_set1_pd(8), a9 = _mm256_set1_pd(9), a10 = _mm256_set1_pd(10), a11 = _mm256_set1_pd(11);
  double t = now();
  for (long k = 0; k < steps; k++) {
    TWELVE(_mm256_fmadd_pd);
  }
  t = now() - t;
  __m256d s = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3)), _mm256_add_pd(_mm256_add_pd(a4, a5), _mm256_add_pd(a6, a7)));
  s = _mm256_add_pd(s, _mm256_add_pd(_mm256_add_pd(a8, a9), _mm256_add_pd(a10, a11)));
  if (s[0] == 42) puts("");
  return steps * CHAINS * 4 * 2 / t / 1e9;
}

#ifdef __AVX512F__
static double peak512(long steps) {
  const __m512d m = _mm512_set1_pd(0.9999999), c = _mm512_set1_pd(1e-7);
  __m512d a0 = _mm512_set1_pd(0), a1 = _mm512_set1_pd(1), a2 = _mm512_set1_pd(2), a3 = _mm512_set1_pd(3);
  __m512d a4 = _mm512_set1_pd(4), a5 = _mm512_set1_pd(5), a6 = _mm512_set1_pd(6), a7 = _mm512_set1_pd(7);
  __m512d a8 = _mm512_set1_pd(8), a9 = _mm512_set1_pd(9), a10 = _mm512_set1_pd(10), a11 = _mm512_set1_pd(11);
  double t = now();
  for (long k = 0; k < steps; k++) {
    TWELVE(_mm512_fmadd_pd);
  }
  t = now() - t;
  __m512d s = _mm512_add_pd(_mm512_add_pd(_mm512_add_pd(a0, a1), _mm512_add_pd(a2, a3)), _mm512_add_pd(_mm512_add_pd(a4, a5), _mm512_add_pd(a6, a7)));
  s = _mm512_add_pd(s, _mm512_add_pd(_mm512_add_pd(a8, a9), _mm512_add_pd(a10, a11)));
  if (s[0] == 42) puts("");
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
