;; The engine's two matrix kernels in float32 (training.precision "float32"), WebAssembly SIMD (f32x4): f64.wat's
;; loops with four lanes where it has two. Panels are 8 rows (two f32x4 registers per column, the same 32 bytes as
;; f64.wat's 4 rows), and add_outer's tiles 4 × 8. reference.ts's float32 functions are the same arithmetic (every
;; product and sum rounded to float32, Math.fround), and a unit test holds the two to equal bits.
;;
;; Pointers are byte addresses into the imported memory (the workspace's arena, arena.ts). Address 0 is never a
;; buffer, so a row map of 0 means "rows 0, 1, 2, …".
(module
  (import "env" "memory" (memory 0))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; mul_rows: y_k ← M x_k, or y_k ← y_k + M x_k when $add, or y_k ← b + M x_k when $bias (a vector of M's rows),
  ;; for the n vectors k of a batch.
  ;; M (rows × cols) is packed in panels of 8 rows (packed.ts): panel p holds M[8p + r][j] at [j·8 + r], zero past
  ;; the last row. x_k is row xRows[k] (or k) of a buffer of width cols, y_k row yRows[k] (or k) of width rows.
  ;; Each panel is used for the whole batch while it is in the L1 cache; four vectors at a time share every load of
  ;; it (an 8 × 4 tile of sums in eight f32x4 registers); the vectors left over go one at a time, four panels each.
  ;; ---------------------------------------------------------------------------------------------------------
  (func $mul_rows (export "mul_rows")
    (param $m i32) (param $rows i32) (param $cols i32)
    (param $x i32) (param $xRows i32) (param $y i32) (param $yRows i32)
    (param $n i32) (param $add i32) (param $bias i32)
    (local $panels i32) (local $panelBytes i32) (local $xStride i32) (local $yStride i32)
    (local $p i32) (local $k i32) (local $quads i32) (local $valid i32) (local $t i32)
    (local $w i32) (local $wEnd i32) (local $j i32)
    (local $x0 i32) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $yAt i32)
    (local $lo v128) (local $hi v128) (local $s v128)
    (local $a0 v128) (local $a1 v128) (local $b0 v128) (local $b1 v128)
    (local $c0 v128) (local $c1 v128) (local $d0 v128) (local $d1 v128)
    (local.set $panels (i32.shr_u (i32.add (local.get $rows) (i32.const 7)) (i32.const 3)))
    (local.set $panelBytes (i32.shl (local.get $cols) (i32.const 5)))
    (local.set $xStride (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $yStride (i32.shl (local.get $rows) (i32.const 2)))
    (local.set $quads (i32.and (local.get $n) (i32.const -4)))
    (if (i32.eqz (local.get $cols)) (then (local.set $panels (i32.const 0))))

    (local.set $p (i32.const 0))
    (block $panelsDone
      (loop $panel
        (br_if $panelsDone (i32.ge_u (local.get $p) (local.get $panels)))
        (local.set $valid (i32.sub (local.get $rows) (i32.shl (local.get $p) (i32.const 3))))
        (local.set $k (i32.const 0))
        (block $quadsDone
          (loop $quad
            (br_if $quadsDone (i32.ge_u (local.get $k) (local.get $quads)))
            ;; the four vectors' rows: xRows[k + v] (or k + v)
            (if (local.get $xRows)
              (then
                (local.set $t (i32.add (local.get $xRows) (i32.shl (local.get $k) (i32.const 2))))
                (local.set $x0 (i32.add (local.get $x) (i32.mul (i32.load (local.get $t)) (local.get $xStride))))
                (local.set $x1 (i32.add (local.get $x) (i32.mul (i32.load offset=4 (local.get $t)) (local.get $xStride))))
                (local.set $x2 (i32.add (local.get $x) (i32.mul (i32.load offset=8 (local.get $t)) (local.get $xStride))))
                (local.set $x3 (i32.add (local.get $x) (i32.mul (i32.load offset=12 (local.get $t)) (local.get $xStride)))))
              (else
                (local.set $x0 (i32.add (local.get $x) (i32.mul (local.get $k) (local.get $xStride))))
                (local.set $x1 (i32.add (local.get $x0) (local.get $xStride)))
                (local.set $x2 (i32.add (local.get $x1) (local.get $xStride)))
                (local.set $x3 (i32.add (local.get $x2) (local.get $xStride)))))
            (local.set $a0 (v128.const i64x2 0 0)) (local.set $a1 (v128.const i64x2 0 0))
            (local.set $b0 (v128.const i64x2 0 0)) (local.set $b1 (v128.const i64x2 0 0))
            (local.set $c0 (v128.const i64x2 0 0)) (local.set $c1 (v128.const i64x2 0 0))
            (local.set $d0 (v128.const i64x2 0 0)) (local.set $d1 (v128.const i64x2 0 0))
            (local.set $w (i32.add (local.get $m) (i32.mul (local.get $p) (local.get $panelBytes))))
            (local.set $wEnd (i32.add (local.get $w) (local.get $panelBytes)))
            (local.set $j (i32.const 0))
            (loop $column
              (local.set $lo (v128.load (local.get $w)))
              (local.set $hi (v128.load offset=16 (local.get $w)))
              (local.set $s (v128.load32_splat (i32.add (local.get $x0) (local.get $j))))
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $lo) (local.get $s))))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $hi) (local.get $s))))
              (local.set $s (v128.load32_splat (i32.add (local.get $x1) (local.get $j))))
              (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $lo) (local.get $s))))
              (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $hi) (local.get $s))))
              (local.set $s (v128.load32_splat (i32.add (local.get $x2) (local.get $j))))
              (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $lo) (local.get $s))))
              (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $hi) (local.get $s))))
              (local.set $s (v128.load32_splat (i32.add (local.get $x3) (local.get $j))))
              (local.set $d0 (f32x4.add (local.get $d0) (f32x4.mul (local.get $lo) (local.get $s))))
              (local.set $d1 (f32x4.add (local.get $d1) (f32x4.mul (local.get $hi) (local.get $s))))
              (local.set $j (i32.add (local.get $j) (i32.const 4)))
              (local.set $w (i32.add (local.get $w) (i32.const 32)))
              (br_if $column (i32.lt_u (local.get $w) (local.get $wEnd))))
            ;; the four results' rows, at this panel's place in them
            (local.set $yAt (i32.shl (local.get $p) (i32.const 5)))
            (if (local.get $yRows)
              (then
                (local.set $t (i32.add (local.get $yRows) (i32.shl (local.get $k) (i32.const 2))))
                (local.set $x0 (i32.add (local.get $y) (i32.add (local.get $yAt) (i32.mul (i32.load (local.get $t)) (local.get $yStride)))))
                (local.set $x1 (i32.add (local.get $y) (i32.add (local.get $yAt) (i32.mul (i32.load offset=4 (local.get $t)) (local.get $yStride)))))
                (local.set $x2 (i32.add (local.get $y) (i32.add (local.get $yAt) (i32.mul (i32.load offset=8 (local.get $t)) (local.get $yStride)))))
                (local.set $x3 (i32.add (local.get $y) (i32.add (local.get $yAt) (i32.mul (i32.load offset=12 (local.get $t)) (local.get $yStride))))))
              (else
                (local.set $x0 (i32.add (local.get $y) (i32.add (local.get $yAt) (i32.mul (local.get $k) (local.get $yStride)))))
                (local.set $x1 (i32.add (local.get $x0) (local.get $yStride)))
                (local.set $x2 (i32.add (local.get $x1) (local.get $yStride)))
                (local.set $x3 (i32.add (local.get $x2) (local.get $yStride)))))
            (if (i32.ge_s (local.get $valid) (i32.const 8))
              (then
                ;; a whole panel: stored (or added to y, or to b) as it is, in line
                (if (local.get $add)
                  (then
                    (local.set $a0 (f32x4.add (v128.load (local.get $x0)) (local.get $a0)))
                    (local.set $a1 (f32x4.add (v128.load offset=16 (local.get $x0)) (local.get $a1)))
                    (local.set $b0 (f32x4.add (v128.load (local.get $x1)) (local.get $b0)))
                    (local.set $b1 (f32x4.add (v128.load offset=16 (local.get $x1)) (local.get $b1)))
                    (local.set $c0 (f32x4.add (v128.load (local.get $x2)) (local.get $c0)))
                    (local.set $c1 (f32x4.add (v128.load offset=16 (local.get $x2)) (local.get $c1)))
                    (local.set $d0 (f32x4.add (v128.load (local.get $x3)) (local.get $d0)))
                    (local.set $d1 (f32x4.add (v128.load offset=16 (local.get $x3)) (local.get $d1)))))
                (if (local.get $bias)
                  (then
                    (local.set $lo (v128.load (i32.add (local.get $bias) (local.get $yAt))))
                    (local.set $hi (v128.load offset=16 (i32.add (local.get $bias) (local.get $yAt))))
                    (local.set $a0 (f32x4.add (local.get $lo) (local.get $a0))) (local.set $a1 (f32x4.add (local.get $hi) (local.get $a1)))
                    (local.set $b0 (f32x4.add (local.get $lo) (local.get $b0))) (local.set $b1 (f32x4.add (local.get $hi) (local.get $b1)))
                    (local.set $c0 (f32x4.add (local.get $lo) (local.get $c0))) (local.set $c1 (f32x4.add (local.get $hi) (local.get $c1)))
                    (local.set $d0 (f32x4.add (local.get $lo) (local.get $d0))) (local.set $d1 (f32x4.add (local.get $hi) (local.get $d1)))))
                (v128.store (local.get $x0) (local.get $a0)) (v128.store offset=16 (local.get $x0) (local.get $a1))
                (v128.store (local.get $x1) (local.get $b0)) (v128.store offset=16 (local.get $x1) (local.get $b1))
                (v128.store (local.get $x2) (local.get $c0)) (v128.store offset=16 (local.get $x2) (local.get $c1))
                (v128.store (local.get $x3) (local.get $d0)) (v128.store offset=16 (local.get $x3) (local.get $d1)))
              (else
                (call $store8 (local.get $x0) (local.get $a0) (local.get $a1) (local.get $valid) (call $base (local.get $x0) (local.get $add) (local.get $bias) (local.get $yAt)))
                (call $store8 (local.get $x1) (local.get $b0) (local.get $b1) (local.get $valid) (call $base (local.get $x1) (local.get $add) (local.get $bias) (local.get $yAt)))
                (call $store8 (local.get $x2) (local.get $c0) (local.get $c1) (local.get $valid) (call $base (local.get $x2) (local.get $add) (local.get $bias) (local.get $yAt)))
                (call $store8 (local.get $x3) (local.get $d0) (local.get $d1) (local.get $valid) (call $base (local.get $x3) (local.get $add) (local.get $bias) (local.get $yAt)))))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $quad)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $panel)))

    ;; the vectors left over (all of them for a batch of one)
    (local.set $k (local.get $quads))
    (block $restDone
      (loop $rest
        (br_if $restDone (i32.ge_u (local.get $k) (local.get $n)))
        (call $mul_one (local.get $m) (local.get $rows) (local.get $cols) (local.get $panels)
          (call $row (local.get $x) (local.get $xRows) (local.get $k) (local.get $xStride))
          (call $row (local.get $y) (local.get $yRows) (local.get $k) (local.get $yStride))
          (local.get $add) (local.get $bias))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $rest))))

  ;; y ← M x (or y + M x) for one vector: four panels (32 rows, eight running sums) per pass over x, then the
  ;; remaining panels one at a time. A batch of one is all this loop, so it is the engine's mat-vec.
  (func $mul_one
    (param $m i32) (param $rows i32) (param $cols i32) (param $panels i32) (param $x i32) (param $y i32) (param $add i32) (param $bias i32)
    (local $p i32) (local $panelBytes i32) (local $w i32) (local $wEnd i32) (local $j i32) (local $s v128)
    (local $a0 v128) (local $a1 v128) (local $b0 v128) (local $b1 v128)
    (local $c0 v128) (local $c1 v128) (local $d0 v128) (local $d1 v128)
    (local.set $panelBytes (i32.shl (local.get $cols) (i32.const 5)))
    (local.set $p (i32.const 0))
    (block $foursDone
      (loop $four
        (br_if $foursDone (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $panels)))
        (local.set $a0 (v128.const i64x2 0 0)) (local.set $a1 (v128.const i64x2 0 0))
        (local.set $b0 (v128.const i64x2 0 0)) (local.set $b1 (v128.const i64x2 0 0))
        (local.set $c0 (v128.const i64x2 0 0)) (local.set $c1 (v128.const i64x2 0 0))
        (local.set $d0 (v128.const i64x2 0 0)) (local.set $d1 (v128.const i64x2 0 0))
        (local.set $w (i32.add (local.get $m) (i32.mul (local.get $p) (local.get $panelBytes))))
        (local.set $wEnd (i32.add (local.get $w) (local.get $panelBytes)))
        (local.set $j (local.get $x))
        (loop $column
          (local.set $s (v128.load32_splat (local.get $j)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $w)) (local.get $s))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load offset=16 (local.get $w)) (local.get $s))))
          (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (v128.load (i32.add (local.get $w) (local.get $panelBytes))) (local.get $s))))
          (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (v128.load offset=16 (i32.add (local.get $w) (local.get $panelBytes))) (local.get $s))))
          (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (v128.load (i32.add (local.get $w) (i32.shl (local.get $panelBytes) (i32.const 1)))) (local.get $s))))
          (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (v128.load offset=16 (i32.add (local.get $w) (i32.shl (local.get $panelBytes) (i32.const 1)))) (local.get $s))))
          (local.set $d0 (f32x4.add (local.get $d0) (f32x4.mul (v128.load (i32.add (local.get $w) (i32.mul (local.get $panelBytes) (i32.const 3)))) (local.get $s))))
          (local.set $d1 (f32x4.add (local.get $d1) (f32x4.mul (v128.load offset=16 (i32.add (local.get $w) (i32.mul (local.get $panelBytes) (i32.const 3)))) (local.get $s))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (local.set $w (i32.add (local.get $w) (i32.const 32)))
          (br_if $column (i32.lt_u (local.get $w) (local.get $wEnd))))
        (call $store8 (i32.add (local.get $y) (i32.shl (local.get $p) (i32.const 5))) (local.get $a0) (local.get $a1)
          (i32.sub (local.get $rows) (i32.shl (local.get $p) (i32.const 3))) (call $base (i32.add (local.get $y) (i32.shl (local.get $p) (i32.const 5))) (local.get $add) (local.get $bias) (i32.shl (local.get $p) (i32.const 5))))
        (call $store8 (i32.add (local.get $y) (i32.shl (i32.add (local.get $p) (i32.const 1)) (i32.const 5))) (local.get $b0) (local.get $b1)
          (i32.sub (local.get $rows) (i32.shl (i32.add (local.get $p) (i32.const 1)) (i32.const 3))) (call $base (i32.add (local.get $y) (i32.shl (i32.add (local.get $p) (i32.const 1)) (i32.const 5))) (local.get $add) (local.get $bias) (i32.shl (i32.add (local.get $p) (i32.const 1)) (i32.const 5))))
        (call $store8 (i32.add (local.get $y) (i32.shl (i32.add (local.get $p) (i32.const 2)) (i32.const 5))) (local.get $c0) (local.get $c1)
          (i32.sub (local.get $rows) (i32.shl (i32.add (local.get $p) (i32.const 2)) (i32.const 3))) (call $base (i32.add (local.get $y) (i32.shl (i32.add (local.get $p) (i32.const 2)) (i32.const 5))) (local.get $add) (local.get $bias) (i32.shl (i32.add (local.get $p) (i32.const 2)) (i32.const 5))))
        (call $store8 (i32.add (local.get $y) (i32.shl (i32.add (local.get $p) (i32.const 3)) (i32.const 5))) (local.get $d0) (local.get $d1)
          (i32.sub (local.get $rows) (i32.shl (i32.add (local.get $p) (i32.const 3)) (i32.const 3))) (call $base (i32.add (local.get $y) (i32.shl (i32.add (local.get $p) (i32.const 3)) (i32.const 5))) (local.get $add) (local.get $bias) (i32.shl (i32.add (local.get $p) (i32.const 3)) (i32.const 5))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $four)))
    (block $onesDone
      (loop $one
        (br_if $onesDone (i32.ge_u (local.get $p) (local.get $panels)))
        (local.set $a0 (v128.const i64x2 0 0)) (local.set $a1 (v128.const i64x2 0 0))
        (local.set $w (i32.add (local.get $m) (i32.mul (local.get $p) (local.get $panelBytes))))
        (local.set $wEnd (i32.add (local.get $w) (local.get $panelBytes)))
        (local.set $j (local.get $x))
        (loop $column
          (local.set $s (v128.load32_splat (local.get $j)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $w)) (local.get $s))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load offset=16 (local.get $w)) (local.get $s))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (local.set $w (i32.add (local.get $w) (i32.const 32)))
          (br_if $column (i32.lt_u (local.get $w) (local.get $wEnd))))
        (call $store8 (i32.add (local.get $y) (i32.shl (local.get $p) (i32.const 5))) (local.get $a0) (local.get $a1)
          (i32.sub (local.get $rows) (i32.shl (local.get $p) (i32.const 3))) (call $base (i32.add (local.get $y) (i32.shl (local.get $p) (i32.const 5))) (local.get $add) (local.get $bias) (i32.shl (local.get $p) (i32.const 5))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $one))))

  ;; address of row k: base + (rows[k] or k) · stride
  (func $row (param $base i32) (param $rows i32) (param $k i32) (param $stride i32) (result i32)
    (i32.add (local.get $base)
      (i32.mul (local.get $stride)
        (if (result i32) (local.get $rows)
          (then (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))))
          (else (local.get $k))))))

  ;; what four sums are added to: y itself ($add), b at this panel's rows ($bias), or nothing (0)
  (func $base (param $y i32) (param $add i32) (param $bias i32) (param $at i32) (result i32)
    (if (result i32) (local.get $add)
      (then (local.get $y))
      (else (if (result i32) (local.get $bias) (then (i32.add (local.get $bias) (local.get $at))) (else (i32.const 0))))))

  ;; eight sums [lo | hi] into y[0..8), added to base[0..8) unless base is 0, of which only the first `valid` rows
  ;; exist (a last panel)
  (func $store8 (param $y i32) (param $lo v128) (param $hi v128) (param $valid i32) (param $base i32)
    (if (local.get $base)
      (then
        (local.set $lo (f32x4.add (v128.load (local.get $base)) (local.get $lo)))
        (local.set $hi (f32x4.add (v128.load offset=16 (local.get $base)) (local.get $hi)))))
    (if (i32.ge_s (local.get $valid) (i32.const 8))
      (then
        (v128.store (local.get $y) (local.get $lo))
        (v128.store offset=16 (local.get $y) (local.get $hi))
        (return)))
    (f32.store (local.get $y) (f32x4.extract_lane 0 (local.get $lo)))
    (if (i32.ge_s (local.get $valid) (i32.const 2)) (then (f32.store offset=4 (local.get $y) (f32x4.extract_lane 1 (local.get $lo)))))
    (if (i32.ge_s (local.get $valid) (i32.const 3)) (then (f32.store offset=8 (local.get $y) (f32x4.extract_lane 2 (local.get $lo)))))
    (if (i32.ge_s (local.get $valid) (i32.const 4)) (then (f32.store offset=12 (local.get $y) (f32x4.extract_lane 3 (local.get $lo)))))
    (if (i32.ge_s (local.get $valid) (i32.const 5)) (then (f32.store offset=16 (local.get $y) (f32x4.extract_lane 0 (local.get $hi)))))
    (if (i32.ge_s (local.get $valid) (i32.const 6)) (then (f32.store offset=20 (local.get $y) (f32x4.extract_lane 1 (local.get $hi)))))
    (if (i32.ge_s (local.get $valid) (i32.const 7)) (then (f32.store offset=24 (local.get $y) (f32x4.extract_lane 2 (local.get $hi))))))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; add_outer: C ← C + Σ_{r < count} a_r b_rᵀ, a weight gradient. C is rows × cols (row-major); a_r (rows values)
  ;; is at a + r·aStride bytes, b_r (cols values) at b + r·bStride. Each element of C is one running sum that
  ;; starts from C and adds a_r[i]·b_r[j] in order of r. The r's go in blocks of kc (≤ 128, as many as the scratch
  ;; holds): a block of b is first copied into the scratch eight columns at a time ([column group][r][8]), and each
  ;; four rows of a ([r][4]), so the loop over r reads two contiguous streams; every 4 × 8 tile of C sits in eight
  ;; f32x4 registers while it goes through them. (Read in place, b's rows are a stride apart: a cache line and often
  ;; a page per r, which left the large products at a third of the small ones' speed.)
  ;; ---------------------------------------------------------------------------------------------------------
  (func $add_outer (export "add_outer")
    (param $c i32) (param $rows i32) (param $cols i32)
    (param $a i32) (param $aStride i32) (param $b i32) (param $bStride i32) (param $count i32)
    (param $scratch i32) (param $scratchBytes i32)
    (local $r0 i32) (local $r1 i32) (local $kc i32) (local $rows4 i32) (local $cols8 i32) (local $cStride i32)
    (local $i i32) (local $j i32) (local $t i32) (local $ap i32) (local $bp i32) (local $left i32)
    (local $packedA i32) (local $packedB i32) (local $groupBytes i32) (local $from i32) (local $to i32)
    (local $e0 v128) (local $e1 v128) (local $s v128)
    (local $a0 v128) (local $a1 v128) (local $b0 v128) (local $b1 v128)
    (local $c0 v128) (local $c1 v128) (local $d0 v128) (local $d1 v128)
    (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $cols8 (i32.and (local.get $cols) (i32.const -8)))
    (local.set $cStride (i32.shl (local.get $cols) (i32.const 2)))
    ;; kc r's of packed a (4 values each) and of packed b (cols4 values each) fit in the scratch
    (local.set $kc (i32.div_u (local.get $scratchBytes) (i32.shl (i32.add (local.get $cols8) (i32.const 4)) (i32.const 2))))
    (if (i32.gt_u (local.get $kc) (i32.const 128)) (then (local.set $kc (i32.const 128))))
    (local.set $packedA (local.get $scratch))
    (local.set $packedB (i32.add (local.get $scratch) (i32.shl (local.get $kc) (i32.const 4))))
    (local.set $r0 (i32.const 0))
    (block $blocksDone
      (loop $block
        (br_if $blocksDone (i32.ge_u (local.get $r0) (local.get $count)))
        (local.set $r1 (i32.add (local.get $r0) (local.get $kc)))
        (if (i32.gt_u (local.get $r1) (local.get $count)) (then (local.set $r1 (local.get $count))))
        (local.set $groupBytes (i32.shl (i32.sub (local.get $r1) (local.get $r0)) (i32.const 5)))
        ;; b's block, eight columns at a time: group j/8 holds b_r[j .. j+8) for each r of the block
        (local.set $j (i32.const 0))
        (block $packedBDone
          (loop $packB
            (br_if $packedBDone (i32.ge_u (local.get $j) (local.get $cols8)))
            (local.set $bp (i32.add (local.get $b) (i32.add (i32.mul (local.get $r0) (local.get $bStride)) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $t (i32.add (local.get $packedB) (i32.mul (i32.shr_u (local.get $j) (i32.const 3)) (local.get $groupBytes))))
            (local.set $to (i32.add (local.get $t) (local.get $groupBytes)))
            (loop $copy
              (v128.store (local.get $t) (v128.load (local.get $bp)))
              (v128.store offset=16 (local.get $t) (v128.load offset=16 (local.get $bp)))
              (local.set $bp (i32.add (local.get $bp) (local.get $bStride)))
              (local.set $t (i32.add (local.get $t) (i32.const 32)))
              (br_if $copy (i32.lt_u (local.get $t) (local.get $to))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $packB)))
        ;; 4 × 8 tiles
        (local.set $i (i32.const 0))
        (block $iDone
          (loop $iTile
            (br_if $iDone (i32.ge_u (local.get $i) (local.get $rows4)))
            ;; a_r[i .. i+4) for each r of the block
            (local.set $ap (i32.add (local.get $a) (i32.add (i32.mul (local.get $r0) (local.get $aStride)) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $t (local.get $packedA))
            (local.set $to (i32.add (local.get $t) (i32.shr_u (local.get $groupBytes) (i32.const 1))))
            (loop $copy
              (v128.store (local.get $t) (v128.load (local.get $ap)))
              (local.set $ap (i32.add (local.get $ap) (local.get $aStride)))
              (local.set $t (i32.add (local.get $t) (i32.const 16)))
              (br_if $copy (i32.lt_u (local.get $t) (local.get $to))))
            (local.set $j (i32.const 0))
            (block $jDone
              (loop $jTile
                (br_if $jDone (i32.ge_u (local.get $j) (local.get $cols8)))
                (local.set $t (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2))))
                (local.set $a0 (v128.load (local.get $t))) (local.set $a1 (v128.load offset=16 (local.get $t)))
                (local.set $t (i32.add (local.get $t) (local.get $cStride)))
                (local.set $b0 (v128.load (local.get $t))) (local.set $b1 (v128.load offset=16 (local.get $t)))
                (local.set $t (i32.add (local.get $t) (local.get $cStride)))
                (local.set $c0 (v128.load (local.get $t))) (local.set $c1 (v128.load offset=16 (local.get $t)))
                (local.set $t (i32.add (local.get $t) (local.get $cStride)))
                (local.set $d0 (v128.load (local.get $t))) (local.set $d1 (v128.load offset=16 (local.get $t)))
                (local.set $ap (local.get $packedA))
                (local.set $bp (i32.add (local.get $packedB) (i32.mul (i32.shr_u (local.get $j) (i32.const 3)) (local.get $groupBytes))))
                (local.set $to (i32.add (local.get $bp) (local.get $groupBytes)))
                (loop $r
                  (local.set $e0 (v128.load (local.get $bp)))
                  (local.set $e1 (v128.load offset=16 (local.get $bp)))
                  (local.set $s (v128.load32_splat (local.get $ap)))
                  (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (local.get $e0))))
                  (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (local.get $e1))))
                  (local.set $s (v128.load32_splat offset=4 (local.get $ap)))
                  (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $s) (local.get $e0))))
                  (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $s) (local.get $e1))))
                  (local.set $s (v128.load32_splat offset=8 (local.get $ap)))
                  (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (local.get $e0))))
                  (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (local.get $e1))))
                  (local.set $s (v128.load32_splat offset=12 (local.get $ap)))
                  (local.set $d0 (f32x4.add (local.get $d0) (f32x4.mul (local.get $s) (local.get $e0))))
                  (local.set $d1 (f32x4.add (local.get $d1) (f32x4.mul (local.get $s) (local.get $e1))))
                  (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
                  (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
                  (br_if $r (i32.lt_u (local.get $bp) (local.get $to))))
                (local.set $t (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2))))
                (v128.store (local.get $t) (local.get $a0)) (v128.store offset=16 (local.get $t) (local.get $a1))
                (local.set $t (i32.add (local.get $t) (local.get $cStride)))
                (v128.store (local.get $t) (local.get $b0)) (v128.store offset=16 (local.get $t) (local.get $b1))
                (local.set $t (i32.add (local.get $t) (local.get $cStride)))
                (v128.store (local.get $t) (local.get $c0)) (v128.store offset=16 (local.get $t) (local.get $c1))
                (local.set $t (i32.add (local.get $t) (local.get $cStride)))
                (v128.store (local.get $t) (local.get $d0)) (v128.store offset=16 (local.get $t) (local.get $d1))
                (local.set $j (i32.add (local.get $j) (i32.const 8)))
                (br $jTile)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $iTile)))
        ;; the rows below the tiles, eight columns at a time from the packed block of b
        (local.set $i (local.get $rows4))
        (block $rowsDone
          (loop $oneRow
            (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $rows)))
            (local.set $j (i32.const 0))
            (block $jDone
              (loop $jTile
                (br_if $jDone (i32.ge_u (local.get $j) (local.get $cols8)))
                (local.set $t (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2))))
                (local.set $a0 (v128.load (local.get $t))) (local.set $a1 (v128.load offset=16 (local.get $t)))
                (local.set $ap (i32.add (local.get $a) (i32.add (i32.mul (local.get $r0) (local.get $aStride)) (i32.shl (local.get $i) (i32.const 2)))))
                (local.set $bp (i32.add (local.get $packedB) (i32.mul (i32.shr_u (local.get $j) (i32.const 3)) (local.get $groupBytes))))
                (local.set $to (i32.add (local.get $bp) (local.get $groupBytes)))
                (loop $r
                  (local.set $s (v128.load32_splat (local.get $ap)))
                  (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load (local.get $bp)))))
                  (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $bp)))))
                  (local.set $ap (i32.add (local.get $ap) (local.get $aStride)))
                  (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
                  (br_if $r (i32.lt_u (local.get $bp) (local.get $to))))
                (v128.store (local.get $t) (local.get $a0)) (v128.store offset=16 (local.get $t) (local.get $a1))
                (local.set $j (i32.add (local.get $j) (i32.const 8)))
                (br $jTile)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $oneRow)))
        (call $add_outer_scalar (local.get $c) (local.get $rows) (local.get $cols) (local.get $cols8)
          (local.get $a) (local.get $aStride) (local.get $b) (local.get $bStride) (local.get $r0) (local.get $r1))
        (local.set $r0 (local.get $r1))
        (br $block))))

  ;; C[i][j] += Σ_{r0 ≤ r < r1} a_r[i] b_r[j] for every row i and the columns j ≥ from, one element at a time
  (func $add_outer_scalar
    (param $c i32) (param $rows i32) (param $cols i32) (param $from i32)
    (param $a i32) (param $aStride i32) (param $b i32) (param $bStride i32) (param $r0 i32) (param $r1 i32)
    (local $i i32) (local $j i32) (local $r i32) (local $sum f32) (local $t i32)
    (if (i32.ge_u (local.get $from) (local.get $cols)) (then (return)))
    (local.set $i (i32.const 0))
    (block $iDone
      (loop $iLoop
        (br_if $iDone (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $j (local.get $from))
        (block $jDone
          (loop $jLoop
            (br_if $jDone (i32.ge_u (local.get $j) (local.get $cols)))
            (local.set $t (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2))))
            (local.set $sum (f32.load (local.get $t)))
            (local.set $r (local.get $r0))
            (block $rDone
              (loop $rLoop
                (br_if $rDone (i32.ge_u (local.get $r) (local.get $r1)))
                (local.set $sum (f32.add (local.get $sum)
                  (f32.mul
                    (f32.load (i32.add (local.get $a) (i32.add (i32.mul (local.get $r) (local.get $aStride)) (i32.shl (local.get $i) (i32.const 2)))))
                    (f32.load (i32.add (local.get $b) (i32.add (i32.mul (local.get $r) (local.get $bStride)) (i32.shl (local.get $j) (i32.const 2))))))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $rLoop)))
            (f32.store (local.get $t) (local.get $sum))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $jLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iLoop))))
)
