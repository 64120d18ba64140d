;; The float64 peak of WebAssembly SIMD on this core, for `npm run bench`: f64x2 multiplies and adds on registers
;; only, as the engine's kernels use them (no fused multiply-add in WebAssembly SIMD). Six chains of products and
;; six of sums, independent, so the adders and the multipliers are both kept busy.
(module
  (func (export "peak") (param $steps i32) (result f64)
    (local $m v128) (local $c v128)
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128) (local $p4 v128) (local $p5 v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $s4 v128) (local $s5 v128)
    (local.set $m (f64x2.splat (f64.const 1.0000000001)))
    (local.set $c (f64x2.splat (f64.const 1e-9)))
    (local.set $p0 (f64x2.splat (f64.const 1))) (local.set $p1 (f64x2.splat (f64.const 2)))
    (local.set $p2 (f64x2.splat (f64.const 3))) (local.set $p3 (f64x2.splat (f64.const 4)))
    (local.set $p4 (f64x2.splat (f64.const 5))) (local.set $p5 (f64x2.splat (f64.const 6)))
    ;; each chain its own start: chains that were the same computation could be merged by the compiler
    (local.set $s0 (f64x2.splat (f64.const 7))) (local.set $s1 (f64x2.splat (f64.const 8)))
    (local.set $s2 (f64x2.splat (f64.const 9))) (local.set $s3 (f64x2.splat (f64.const 10)))
    (local.set $s4 (f64x2.splat (f64.const 11))) (local.set $s5 (f64x2.splat (f64.const 12)))
    (loop $step
      (local.set $p0 (f64x2.mul (local.get $p0) (local.get $m)))
      (local.set $s0 (f64x2.add (local.get $s0) (local.get $c)))
      (local.set $p1 (f64x2.mul (local.get $p1) (local.get $m)))
      (local.set $s1 (f64x2.add (local.get $s1) (local.get $c)))
      (local.set $p2 (f64x2.mul (local.get $p2) (local.get $m)))
      (local.set $s2 (f64x2.add (local.get $s2) (local.get $c)))
      (local.set $p3 (f64x2.mul (local.get $p3) (local.get $m)))
      (local.set $s3 (f64x2.add (local.get $s3) (local.get $c)))
      (local.set $p4 (f64x2.mul (local.get $p4) (local.get $m)))
      (local.set $s4 (f64x2.add (local.get $s4) (local.get $c)))
      (local.set $p5 (f64x2.mul (local.get $p5) (local.get $m)))
      (local.set $s5 (f64x2.add (local.get $s5) (local.get $c)))
      (local.set $steps (i32.sub (local.get $steps) (i32.const 1)))
      (br_if $step (local.get $steps)))
    ;; every chain feeds the result, so none can be dropped
    (f64x2.extract_lane 0
      (f64x2.add
        (f64x2.add (f64x2.add (local.get $p0) (local.get $p1)) (f64x2.add (local.get $p2) (local.get $p3)))
        (f64x2.add
          (f64x2.add (local.get $p4) (local.get $p5))
          (f64x2.add
            (f64x2.add (f64x2.add (local.get $s0) (local.get $s1)) (f64x2.add (local.get $s2) (local.get $s3)))
            (f64x2.add (local.get $s4) (local.get $s5)))))))

  ;; The ceiling of a matrix product, not of the arithmetic alone: the engine's own register tile (f64.wat's
  ;; mul_rows) with its loads, run over a panel and four vectors that stay in the L1 cache. Per column of the panel:
  ;; two loads of 4 rows, four broadcast loads of one number of each vector, 8 multiplies and 8 adds into eight
  ;; running sums. `cols` columns, `reps` times; w and x are byte addresses in the module's own page (its numbers
  ;; are zeros: a multiply or an add takes as long on them as on any other).
  (memory 1)
  (func (export "tile") (param $w i32) (param $x i32) (param $cols i32) (param $reps i32) (result f64)
    (local $wp i32) (local $xp i32) (local $end i32) (local $lo v128) (local $hi v128) (local $s v128)
    (local $a0 v128) (local $a1 v128) (local $b0 v128) (local $b1 v128)
    (local $c0 v128) (local $c1 v128) (local $d0 v128) (local $d1 v128) (local $sum v128)
    (loop $rep
      (local.set $a0 (v128.const i64x2 0 0)) (local.set $a1 (v128.const i64x2 0 0))
      (local.set $b0 (v128.const i64x2 0 0)) (local.set $b1 (v128.const i64x2 0 0))
      (local.set $c0 (v128.const i64x2 0 0)) (local.set $c1 (v128.const i64x2 0 0))
      (local.set $d0 (v128.const i64x2 0 0)) (local.set $d1 (v128.const i64x2 0 0))
      (local.set $wp (local.get $w))
      (local.set $xp (local.get $x))
      (local.set $end (i32.add (local.get $w) (i32.shl (local.get $cols) (i32.const 5))))
      (loop $column
        (local.set $lo (v128.load (local.get $wp)))
        (local.set $hi (v128.load offset=16 (local.get $wp)))
        (local.set $s (v128.load64_splat (local.get $xp)))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $lo) (local.get $s))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $hi) (local.get $s))))
        (local.set $s (v128.load64_splat offset=8 (local.get $xp)))
        (local.set $b0 (f64x2.add (local.get $b0) (f64x2.mul (local.get $lo) (local.get $s))))
        (local.set $b1 (f64x2.add (local.get $b1) (f64x2.mul (local.get $hi) (local.get $s))))
        (local.set $s (v128.load64_splat offset=16 (local.get $xp)))
        (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $lo) (local.get $s))))
        (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $hi) (local.get $s))))
        (local.set $s (v128.load64_splat offset=24 (local.get $xp)))
        (local.set $d0 (f64x2.add (local.get $d0) (f64x2.mul (local.get $lo) (local.get $s))))
        (local.set $d1 (f64x2.add (local.get $d1) (f64x2.mul (local.get $hi) (local.get $s))))
        (local.set $xp (i32.add (local.get $xp) (i32.const 32)))
        (local.set $wp (i32.add (local.get $wp) (i32.const 32)))
        (br_if $column (i32.lt_u (local.get $wp) (local.get $end))))
      ;; every sum feeds the result, so none can be dropped
      (local.set $sum (f64x2.add (local.get $sum)
        (f64x2.add
          (f64x2.add (f64x2.add (local.get $a0) (local.get $a1)) (f64x2.add (local.get $b0) (local.get $b1)))
          (f64x2.add (f64x2.add (local.get $c0) (local.get $c1)) (f64x2.add (local.get $d0) (local.get $d1))))))
      (local.set $reps (i32.sub (local.get $reps) (i32.const 1)))
      (br_if $rep (local.get $reps)))
    (f64x2.extract_lane 0 (local.get $sum)))
)
