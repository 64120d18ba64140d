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
            (f64x2.add (local.get $s4) (local.get $s5))))))))
