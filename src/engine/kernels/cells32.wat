;; The cells' elementwise work for float32 workspaces (training.precision "float32"): cells64.wat's functions,
;; with every number loaded from float32 and widened (f64x2.promote_low_f32x4), the arithmetic the same float64,
;; and every result rounded to float32 where it is stored (f32x4.demote_f64x2_zero). That is what the TypeScript
;; cells do on Float32Arrays (double arithmetic, rounded by the store), so both give the same bits
;; (test/unit/engine/float32.test.ts). Two units per 8-byte pair, an odd last unit alone in lane 0.
(module
  (import "env" "memory" (memory 1))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; The constants, each as two lanes, in the memory below the workspace's first buffer: arena.ts keeps the first
  ;; 512 bytes (RESERVED) out of every plan, and instantiating this module writes them there. Loaded where they are
  ;; used: V8 builds a v128 constant written in the code again at every use (three instructions); a load is one, and
  ;; it made e^x a sixth faster.
  ;; 23 constants of 16 bytes from address 64, in this order:
  (global $ONE i32 (i32.const 64)) ;; 1
  (global $TWO i32 (i32.const 80)) ;; 2
  (global $HALF i32 (i32.const 96)) ;; 0.5
  (global $SIGN i32 (i32.const 112)) ;; 0x8000000000000000
  (global $EXP_MAX i32 (i32.const 128)) ;; 709.79
  (global $EXP_MIN i32 (i32.const 144)) ;; -745.2
  (global $LOG2E i32 (i32.const 160)) ;; 1.4426950408889634
  (global $LN2_HI i32 (i32.const 176)) ;; 6.93145751953125e-1
  (global $LN2_LO i32 (i32.const 192)) ;; 1.42860682030941723212e-6
  (global $EXP_P0 i32 (i32.const 208)) ;; 1.26177193074810590878e-4
  (global $EXP_P1 i32 (i32.const 224)) ;; 3.02994407707441961300e-2
  (global $EXP_P2 i32 (i32.const 240)) ;; 9.99999999999999999910e-1
  (global $EXP_Q0 i32 (i32.const 256)) ;; 3.00198505138664455042e-6
  (global $EXP_Q1 i32 (i32.const 272)) ;; 2.52448340349684104192e-3
  (global $EXP_Q2 i32 (i32.const 288)) ;; 2.27265548208155028766e-1
  (global $EXP_BIAS i32 (i32.const 304)) ;; 1023
  (global $TANH_SPLIT i32 (i32.const 320)) ;; 0.625
  (global $TANH_P0 i32 (i32.const 336)) ;; -9.64399179425052238628e-1
  (global $TANH_P1 i32 (i32.const 352)) ;; -9.92877231001918586564e1
  (global $TANH_P2 i32 (i32.const 368)) ;; -1.61468768441708447952e3
  (global $TANH_Q0 i32 (i32.const 384)) ;; 1.12811678491632931402e2
  (global $TANH_Q1 i32 (i32.const 400)) ;; 2.23548839060100448583e3
  (global $TANH_Q2 i32 (i32.const 416)) ;; 4.84406305325125486048e3
  (data (i32.const 64) "\00\00\00\00\00\00\f0\3f\00\00\00\00\00\00\f0\3f\00\00\00\00\00\00\00\40\00\00\00\00\00\00\00\40\00\00\00\00\00\00\e0\3f\00\00\00\00\00\00\e0\3f\00\00\00\00\00\00\00\80\00\00\00\00\00\00\00\80\b8\1e\85\eb\51\2e\86\40\b8\1e\85\eb\51\2e\86\40\9a\99\99\99\99\49\87\c0\9a\99\99\99\99\49\87\c0\fe\82\2b\65\47\15\f7\3f\fe\82\2b\65\47\15\f7\3f\00\00\00\00\40\2e\e6\3f\00\00\00\00\40\2e\e6\3f\ca\ab\79\cf\d1\f7\b7\3e\ca\ab\79\cf\d1\f7\b7\3e\e8\4b\e4\d5\cd\89\20\3f\e8\4b\e4\d5\cd\89\20\3f\7e\2c\ca\0c\d1\06\9f\3f\7e\2c\ca\0c\d1\06\9f\3f\00\00\00\00\00\00\f0\3f\00\00\00\00\00\00\f0\3f\a0\5f\36\bc\b6\2e\c9\3e\a0\5f\36\bc\b6\2e\c9\3e\c0\b6\08\b5\39\ae\64\3f\c0\b6\08\b5\39\ae\64\3f\74\e0\87\98\09\17\cd\3f\74\e0\87\98\09\17\cd\3f\ff\03\00\00\00\00\00\00\ff\03\00\00\00\00\00\00\00\00\00\00\00\00\e4\3f\00\00\00\00\00\00\e4\3f\4b\6f\fd\aa\5b\dc\ee\bf\4b\6f\fd\aa\5b\dc\ee\bf\2d\68\26\0e\6a\d2\58\c0\2d\68\26\0e\6a\d2\58\c0\63\05\58\30\c0\3a\99\c0\63\05\58\30\c0\3a\99\c0\86\1b\58\8a\f2\33\5c\40\86\1b\58\8a\f2\33\5c\40\fa\35\55\0e\fa\76\a1\40\fa\35\55\0e\fa\76\a1\40\0c\04\42\24\10\ec\b2\40\0c\04\42\24\10\ec\b2\40")

  ;; ---------------------------------------------------------------------------------------------------------
  ;; e^x, tanh x and σ(x) = 1 / (1 + e^−x): activations.ts has the constants and why. exp: x = n ln2 + r with
  ;; n = ⌊x log₂e + ½⌋, e^r = 1 + 2 r P(r²) / (Q(r²) − r P(r²)), then × 2^⌊n/2⌋ × 2^(n − ⌊n/2⌋).
  ;; ---------------------------------------------------------------------------------------------------------
  (func $exp (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $rr v128) (local $px v128) (local $e v128) (local $k v128) (local $half v128)
    (local.set $x (f64x2.pmax (f64x2.pmin (local.get $x) (v128.load (global.get $EXP_MAX))) (v128.load (global.get $EXP_MIN))))
    (local.set $n (f64x2.floor (f64x2.add (f64x2.mul (local.get $x) (v128.load (global.get $LOG2E))) (v128.load (global.get $HALF)))))
    (local.set $r (f64x2.sub (local.get $x) (f64x2.mul (local.get $n) (v128.load (global.get $LN2_HI)))))
    (local.set $r (f64x2.sub (local.get $r) (f64x2.mul (local.get $n) (v128.load (global.get $LN2_LO)))))
    (local.set $rr (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $px (f64x2.mul (local.get $r)
      (f64x2.add
        (f64x2.mul
          (f64x2.add (f64x2.mul (v128.load (global.get $EXP_P0)) (local.get $rr)) (v128.load (global.get $EXP_P1)))
          (local.get $rr))
        (v128.load (global.get $EXP_P2)))))
    (local.set $e
      (f64x2.add (v128.load (global.get $ONE))
        (f64x2.mul (v128.load (global.get $TWO))
          (f64x2.div (local.get $px)
            (f64x2.sub
              (f64x2.add
                (f64x2.mul
                  (f64x2.add
                    (f64x2.mul
                      (f64x2.add (f64x2.mul (v128.load (global.get $EXP_Q0)) (local.get $rr)) (v128.load (global.get $EXP_Q1)))
                      (local.get $rr))
                    (v128.load (global.get $EXP_Q2)))
                  (local.get $rr))
                (v128.load (global.get $TWO)))
              (local.get $px))))))
    ;; 2^h and 2^(n − h) from their exponent bits, h = n >> 1 (a NaN n truncates to 0: the NaN is in e already)
    (local.set $k (i32x4.trunc_sat_f64x2_s_zero (local.get $n)))
    (local.set $half (i32x4.shr_s (local.get $k) (i32.const 1)))
    (local.set $k (i32x4.sub (local.get $k) (local.get $half)))
    (f64x2.mul
      (f64x2.mul (local.get $e)
        (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (local.get $half)) (v128.load (global.get $EXP_BIAS))) (i32.const 52)))
      (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (local.get $k)) (v128.load (global.get $EXP_BIAS))) (i32.const 52))))

  ;; tanh x: |x| > 0.625: 1 − 2 / (e^{2|x|} + 1) with x's sign; else x + x·x² P(x²)/Q(x²); tanh(±0) = ±0
  (func $tanh (param $x v128) (result v128)
    (local $a v128) (local $s v128) (local $large v128) (local $z v128) (local $small v128) (local $far v128)
    (local.set $a (f64x2.abs (local.get $x)))
    (local.set $far (f64x2.gt (local.get $a) (v128.load (global.get $TANH_SPLIT))))
    ;; Each formula only where a lane needs it: both lanes usually fall on the same side, and the one not taken
    ;; costs as much as the other (each lane still gets exactly the formula activations.ts gives it).
    (if (v128.any_true (local.get $far))
      (then
        (local.set $s (call $exp (f64x2.mul (v128.load (global.get $TWO)) (local.get $a))))
        (local.set $large (f64x2.sub (v128.load (global.get $ONE)) (f64x2.div (v128.load (global.get $TWO)) (f64x2.add (local.get $s) (v128.load (global.get $ONE))))))
        (local.set $large (v128.or (local.get $large) (v128.and (local.get $x) (v128.load (global.get $SIGN)))))))
    (if (i32.eqz (i64x2.all_true (local.get $far)))
      (then
        (local.set $z (f64x2.mul (local.get $x) (local.get $x)))
        (local.set $small
          (f64x2.add (local.get $x)
            (f64x2.mul (f64x2.mul (local.get $x) (local.get $z))
              (f64x2.div
                (f64x2.add
                  (f64x2.mul
                    (f64x2.add (f64x2.mul (v128.load (global.get $TANH_P0)) (local.get $z)) (v128.load (global.get $TANH_P1)))
                    (local.get $z))
                  (v128.load (global.get $TANH_P2)))
                (f64x2.add
                  (f64x2.mul
                    (f64x2.add (f64x2.mul (f64x2.add (local.get $z) (v128.load (global.get $TANH_Q0))) (local.get $z)) (v128.load (global.get $TANH_Q1)))
                    (local.get $z))
                  (v128.load (global.get $TANH_Q2)))))))
        (local.set $small (v128.bitselect (local.get $x) (local.get $small) (f64x2.eq (local.get $x) (f64x2.splat (f64.const 0)))))))
    (v128.bitselect (local.get $large) (local.get $small) (local.get $far)))

  (func $sigmoid (param $x v128) (result v128)
    (f64x2.div (v128.load (global.get $ONE)) (f64x2.add (v128.load (global.get $ONE)) (call $exp (f64x2.neg (local.get $x))))))

;; dst[j] = f(src[j]) for j < count (dst may be src), f = 0 exp, 1 tanh, 2 σ, 3 relu; two at a time, an odd
  ;; last one alone in lane 0
  (func $apply (param $src i32) (param $dst i32) (param $count i32) (param $f i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $count) (i32.const 2))))
    (block $relu
      (block $sigmoid
        (block $tanh
          (block $exp
            (br_table $exp $tanh $sigmoid $relu (local.get $f)))
      (loop $expPair
        (if (i32.le_u (i32.add (local.get $src) (i32.const 8)) (local.get $end))
          (then
            (v128.store64_lane 0 (local.get $dst) (f32x4.demote_f64x2_zero (call $exp (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $src))))))
            (local.set $src (i32.add (local.get $src) (i32.const 8)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
            (br $expPair))))
      (if (i32.lt_u (local.get $src) (local.get $end))
        (then (f32.store (local.get $dst) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (call $exp (f64x2.promote_low_f32x4 (v128.load32_splat (local.get $src)))))))))
      (return))
      (loop $tanhPair
        (if (i32.le_u (i32.add (local.get $src) (i32.const 8)) (local.get $end))
          (then
            (v128.store64_lane 0 (local.get $dst) (f32x4.demote_f64x2_zero (call $tanh (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $src))))))
            (local.set $src (i32.add (local.get $src) (i32.const 8)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
            (br $tanhPair))))
      (if (i32.lt_u (local.get $src) (local.get $end))
        (then (f32.store (local.get $dst) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (call $tanh (f64x2.promote_low_f32x4 (v128.load32_splat (local.get $src)))))))))
      (return))
      (loop $sigmoidPair
        (if (i32.le_u (i32.add (local.get $src) (i32.const 8)) (local.get $end))
          (then
            (v128.store64_lane 0 (local.get $dst) (f32x4.demote_f64x2_zero (call $sigmoid (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $src))))))
            (local.set $src (i32.add (local.get $src) (i32.const 8)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
            (br $sigmoidPair))))
      (if (i32.lt_u (local.get $src) (local.get $end))
        (then (f32.store (local.get $dst) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (call $sigmoid (f64x2.promote_low_f32x4 (v128.load32_splat (local.get $src)))))))))
      (return))
      (loop $reluPair
        (if (i32.le_u (i32.add (local.get $src) (i32.const 8)) (local.get $end))
          (then
            (v128.store64_lane 0 (local.get $dst) (f32x4.demote_f64x2_zero (call $relu (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $src))))))
            (local.set $src (i32.add (local.get $src) (i32.const 8)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
            (br $reluPair))))
      (if (i32.lt_u (local.get $src) (local.get $end))
        (then (f32.store (local.get $dst) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (call $relu (f64x2.promote_low_f32x4 (v128.load32_splat (local.get $src)))))))))
      (return))

  ;; relu a = a ≤ 0 ? 0 : a (NaN stays NaN)
  (func $relu (param $x v128) (result v128)
    (v128.bitselect (f64x2.splat (f64.const 0)) (local.get $x) (f64x2.le (local.get $x) (f64x2.splat (f64.const 0)))))

  ;; for the tests: the activations over a buffer
  (func (export "apply") (param $src i32) (param $dst i32) (param $count i32) (param $f i32)
    (call $apply (local.get $src) (local.get $dst) (local.get $count) (local.get $f)))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; rnn_forward (rnnStep after W_hh h_{t−1} is in h's rows): h = f(h + (gi + b_hh)), h = 0 before it at the
  ;; first step; f = 1 tanh, 2 σ, 3 relu, 4 identity.
  ;; ---------------------------------------------------------------------------------------------------------
  (func (export "rnn_forward")
    (param $h i32) (param $gi i32) (param $bhh i32) (param $rows i32) (param $n i32) (param $H i32) (param $first i32) (param $f i32)
    (local $put v128)
    (local $s i32) (local $at i32) (local $j i32) (local $bytes i32) (local $v v128)
    (local.set $bytes (i32.shl (local.get $H) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $s) (local.get $n)))
        (local.set $at (i32.mul (i32.load (i32.add (local.get $rows) (i32.shl (local.get $s) (i32.const 2)))) (local.get $bytes)))
        (local.set $j (i32.const 0))
        (block $unitsDone
          (loop $unit
            (br_if $unitsDone (i32.ge_u (local.get $j) (local.get $bytes)))
            (local.set $v
              (f64x2.add
                (if (result v128) (local.get $first) (then (v128.const i64x2 0 0)) (else (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $h) (i32.add (local.get $at) (local.get $j)))))))
                (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $gi) (i32.add (local.get $at) (local.get $j))))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $bhh) (local.get $j)))))))
            (local.set $put (local.get $v)) (if (i32.ge_u (i32.sub (local.get $bytes) (local.get $j)) (i32.const 8)) (then (v128.store64_lane 0 (i32.add (local.get $h) (i32.add (local.get $at) (local.get $j))) (f32x4.demote_f64x2_zero (local.get $put)))) (else (f32.store (i32.add (local.get $h) (i32.add (local.get $at) (local.get $j))) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (local.get $put))))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $unit)))
        (if (i32.ne (local.get $f) (i32.const 4))
          (then (call $apply (i32.add (local.get $h) (local.get $at)) (i32.add (local.get $h) (local.get $at)) (local.get $H) (local.get $f))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $row))))

  ;; rnn_backward (rnnStepBackward before W_hhᵀ da): da = dh ⊙ f'(a) with f' from h = f(a): tanh 1 − h², σ h(1 − h),
  ;; relu [h > 0], identity 1. dh and da: row s of the step's compact vectors; h: the step's rows.
  (func (export "rnn_backward")
    (param $h i32) (param $rows i32) (param $n i32) (param $H i32) (param $dh i32) (param $da i32) (param $f i32)
    (local $put v128)
    (local $s i32) (local $at i32) (local $v i32) (local $j i32) (local $bytes i32) (local $hv v128) (local $d v128) (local $out v128)
    (local.set $bytes (i32.shl (local.get $H) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $s) (local.get $n)))
        (local.set $at (i32.add (local.get $h) (i32.mul (i32.load (i32.add (local.get $rows) (i32.shl (local.get $s) (i32.const 2)))) (local.get $bytes))))
        (local.set $v (i32.mul (local.get $s) (local.get $bytes)))
        (local.set $j (i32.const 0))
        (block $unitsDone
          (loop $unit
            (br_if $unitsDone (i32.ge_u (local.get $j) (local.get $bytes)))
            (local.set $hv (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $at) (local.get $j)))))
            (local.set $d (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $dh) (i32.add (local.get $v) (local.get $j))))))
            (block $chosen
              (block $identity
                (block $relu
                  (block $sigmoid
                    (block $tanh
                      (br_table $tanh $tanh $sigmoid $relu $identity (local.get $f)))
                    (local.set $out (f64x2.mul (local.get $d) (f64x2.sub (v128.load (global.get $ONE)) (f64x2.mul (local.get $hv) (local.get $hv)))))
                    (br $chosen))
                  (local.set $out (f64x2.mul (local.get $d) (f64x2.mul (local.get $hv) (f64x2.sub (v128.load (global.get $ONE)) (local.get $hv)))))
                  (br $chosen))
                ;; × rather than a select: 0 · ∞ = NaN keeps a non-finite dh visible
                (local.set $out (f64x2.mul (local.get $d)
                  (v128.bitselect (v128.load (global.get $ONE)) (f64x2.splat (f64.const 0)) (f64x2.gt (local.get $hv) (f64x2.splat (f64.const 0))))))
                (br $chosen))
              (local.set $out (local.get $d)))
            (local.set $put (local.get $out)) (if (i32.ge_u (i32.sub (local.get $bytes) (local.get $j)) (i32.const 8)) (then (v128.store64_lane 0 (i32.add (local.get $da) (i32.add (local.get $v) (local.get $j))) (f32x4.demote_f64x2_zero (local.get $put)))) (else (f32.store (i32.add (local.get $da) (i32.add (local.get $v) (local.get $j))) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (local.get $put))))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $unit)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $row))))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; lstm_forward (lstmGatesAndState for each row of the step, after W_hh h_{t−1} is in the gate rows):
  ;; a = (W_hh h + gi) + b_hh (W_hh h = 0 at the first step); [i f g o] = [σ σ tanh σ](a);
  ;; c = f c_{t−1} + i g (c_{−1} = 0); tanh c; h = o tanh c.
  ;; ---------------------------------------------------------------------------------------------------------
  (func (export "lstm_forward")
    (param $gates i32) (param $gi i32) (param $bhh i32) (param $c i32) (param $tanhC i32) (param $h i32)
    (param $rows i32) (param $prevRows i32) (param $n i32) (param $H i32)
    (local $put v128)
    (local $s i32) (local $row i32) (local $prev i32) (local $at i32) (local $unit i32) (local $prevAt i32)
    (local $j i32) (local $bytes i32) (local $gateBytes i32) (local $v v128) (local $cPrev v128)
    (local.set $bytes (i32.shl (local.get $H) (i32.const 2)))
    (local.set $gateBytes (i32.shl (local.get $bytes) (i32.const 2)))
    (block $done
      (loop $eachRow
        (br_if $done (i32.ge_u (local.get $s) (local.get $n)))
        (local.set $row (i32.load (i32.add (local.get $rows) (i32.shl (local.get $s) (i32.const 2)))))
        (local.set $prev (i32.load (i32.add (local.get $prevRows) (i32.shl (local.get $s) (i32.const 2)))))
        (local.set $at (i32.add (local.get $gates) (i32.mul (local.get $row) (local.get $gateBytes))))
        ;; the pre-activations of all four gates
        (local.set $j (i32.const 0))
        (block $preDone
          (loop $pre
            (br_if $preDone (i32.ge_u (local.get $j) (local.get $gateBytes)))
            (local.set $v
              (f64x2.add
                (f64x2.add
                  (if (result v128) (i32.lt_s (local.get $prev) (i32.const 0)) (then (v128.const i64x2 0 0)) (else (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $at) (local.get $j))))))
                  (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (i32.add (local.get $gi) (i32.mul (local.get $row) (local.get $gateBytes))) (local.get $j)))))
                (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $bhh) (local.get $j))))))
            (local.set $put (local.get $v)) (if (i32.ge_u (i32.sub (local.get $gateBytes) (local.get $j)) (i32.const 8)) (then (v128.store64_lane 0 (i32.add (local.get $at) (local.get $j)) (f32x4.demote_f64x2_zero (local.get $put)))) (else (f32.store (i32.add (local.get $at) (local.get $j)) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (local.get $put))))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $pre)))
        (call $apply (local.get $at) (local.get $at) (i32.shl (local.get $H) (i32.const 1)) (i32.const 2)) ;; i, f: σ
        (call $apply (i32.add (local.get $at) (i32.shl (local.get $bytes) (i32.const 1))) (i32.add (local.get $at) (i32.shl (local.get $bytes) (i32.const 1))) (local.get $H) (i32.const 1)) ;; g: tanh
        (call $apply (i32.add (local.get $at) (i32.mul (local.get $bytes) (i32.const 3))) (i32.add (local.get $at) (i32.mul (local.get $bytes) (i32.const 3))) (local.get $H) (i32.const 2)) ;; o: σ
        ;; c = f c_{t−1} + i g
        (local.set $unit (i32.mul (local.get $row) (local.get $bytes)))
        (local.set $prevAt (i32.add (local.get $c) (i32.mul (local.get $prev) (local.get $bytes))))
        (local.set $j (i32.const 0))
        (block $cDone
          (loop $cell
            (br_if $cDone (i32.ge_u (local.get $j) (local.get $bytes)))
            (local.set $cPrev (if (result v128) (i32.lt_s (local.get $prev) (i32.const 0)) (then (v128.const i64x2 0 0)) (else (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $prevAt) (local.get $j)))))))
            (local.set $v
              (f64x2.add
                (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (i32.add (local.get $at) (local.get $bytes)) (local.get $j)))) (local.get $cPrev))
                (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $at) (local.get $j)))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (i32.add (local.get $at) (i32.shl (local.get $bytes) (i32.const 1))) (local.get $j)))))))
            (local.set $put (local.get $v)) (if (i32.ge_u (i32.sub (local.get $bytes) (local.get $j)) (i32.const 8)) (then (v128.store64_lane 0 (i32.add (local.get $c) (i32.add (local.get $unit) (local.get $j))) (f32x4.demote_f64x2_zero (local.get $put)))) (else (f32.store (i32.add (local.get $c) (i32.add (local.get $unit) (local.get $j))) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (local.get $put))))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $cell)))
        (call $apply (i32.add (local.get $c) (local.get $unit)) (i32.add (local.get $tanhC) (local.get $unit)) (local.get $H) (i32.const 1))
        ;; h = o tanh c
        (local.set $j (i32.const 0))
        (block $hDone
          (loop $hidden
            (br_if $hDone (i32.ge_u (local.get $j) (local.get $bytes)))
            (local.set $put (f64x2.mul
                (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (i32.add (local.get $at) (i32.mul (local.get $bytes) (i32.const 3))) (local.get $j))))
                (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $tanhC) (i32.add (local.get $unit) (local.get $j))))))) (if (i32.ge_u (i32.sub (local.get $bytes) (local.get $j)) (i32.const 8)) (then (v128.store64_lane 0 (i32.add (local.get $h) (i32.add (local.get $unit) (local.get $j))) (f32x4.demote_f64x2_zero (local.get $put)))) (else (f32.store (i32.add (local.get $h) (i32.add (local.get $unit) (local.get $j))) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (local.get $put))))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $hidden)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $eachRow))))

  ;; lstm_backward (lstmStepBackward before W_hhᵀ dGates): for each row s of the step,
  ;; dc = dcNext + dh o (1 − tanh²c);  d[i f g o] = [dc g i (1 − i), dc c_{t−1} f (1 − f), dc i (1 − g²), dh tanh c o (1 − o)];
  ;; dcPrev = dc f. dh, dcNext, dc, dcPrev: compact rows of H; dGates: compact rows of 4H. dcPrev may be dcNext.
  (func (export "lstm_backward")
    (param $gates i32) (param $c i32) (param $tanhC i32) (param $rows i32) (param $prevRows i32) (param $n i32) (param $H i32)
    (param $dh i32) (param $dcNext i32) (param $dGates i32) (param $dc i32) (param $dcPrev i32)
    (local $put v128)
    (local $s i32) (local $row i32) (local $prev i32) (local $at i32) (local $unit i32) (local $v i32) (local $dG i32)
    (local $j i32) (local $bytes i32) (local $left i32)
    (local $i v128) (local $f v128) (local $g v128) (local $o v128) (local $tc v128) (local $cPrev v128) (local $d v128) (local $dcj v128) (local $one v128)
    (local.set $bytes (i32.shl (local.get $H) (i32.const 2)))
    (local.set $one (v128.load (global.get $ONE)))
    (block $done
      (loop $eachRow
        (br_if $done (i32.ge_u (local.get $s) (local.get $n)))
        (local.set $row (i32.load (i32.add (local.get $rows) (i32.shl (local.get $s) (i32.const 2)))))
        (local.set $prev (i32.load (i32.add (local.get $prevRows) (i32.shl (local.get $s) (i32.const 2)))))
        (local.set $at (i32.add (local.get $gates) (i32.mul (local.get $row) (i32.shl (local.get $bytes) (i32.const 2)))))
        (local.set $unit (i32.mul (local.get $row) (local.get $bytes)))
        (local.set $v (i32.mul (local.get $s) (local.get $bytes)))
        (local.set $dG (i32.add (local.get $dGates) (i32.shl (local.get $v) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $unitsDone
          (loop $each
            (br_if $unitsDone (i32.ge_u (local.get $j) (local.get $bytes)))
            (local.set $left (i32.sub (local.get $bytes) (local.get $j)))
            (local.set $i (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $at) (local.get $j)))))
            (local.set $f (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (i32.add (local.get $at) (local.get $bytes)) (local.get $j)))))
            (local.set $g (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (i32.add (local.get $at) (i32.shl (local.get $bytes) (i32.const 1))) (local.get $j)))))
            (local.set $o (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (i32.add (local.get $at) (i32.mul (local.get $bytes) (i32.const 3))) (local.get $j)))))
            (local.set $tc (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $tanhC) (i32.add (local.get $unit) (local.get $j))))))
            (local.set $cPrev (if (result v128) (i32.lt_s (local.get $prev) (i32.const 0))
              (then (v128.const i64x2 0 0))
              (else (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $c) (i32.add (i32.mul (local.get $prev) (local.get $bytes)) (local.get $j))))))))
            (local.set $d (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $dh) (i32.add (local.get $v) (local.get $j))))))
            (local.set $dcj
              (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $dcNext) (i32.add (local.get $v) (local.get $j)))))
                (f64x2.mul (f64x2.mul (local.get $d) (local.get $o)) (f64x2.sub (local.get $one) (f64x2.mul (local.get $tc) (local.get $tc))))))
            (local.set $put (local.get $dcj)) (if (i32.ge_u (local.get $left) (i32.const 8)) (then (v128.store64_lane 0 (i32.add (local.get $dc) (i32.add (local.get $v) (local.get $j))) (f32x4.demote_f64x2_zero (local.get $put)))) (else (f32.store (i32.add (local.get $dc) (i32.add (local.get $v) (local.get $j))) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (local.get $put))))))
            (local.set $put (f64x2.mul (f64x2.mul (f64x2.mul (local.get $dcj) (local.get $g)) (local.get $i)) (f64x2.sub (local.get $one) (local.get $i)))) (if (i32.ge_u (local.get $left) (i32.const 8)) (then (v128.store64_lane 0 (i32.add (local.get $dG) (local.get $j)) (f32x4.demote_f64x2_zero (local.get $put)))) (else (f32.store (i32.add (local.get $dG) (local.get $j)) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (local.get $put))))))
            (local.set $put (f64x2.mul (f64x2.mul (f64x2.mul (local.get $dcj) (local.get $cPrev)) (local.get $f)) (f64x2.sub (local.get $one) (local.get $f)))) (if (i32.ge_u (local.get $left) (i32.const 8)) (then (v128.store64_lane 0 (i32.add (i32.add (local.get $dG) (local.get $bytes)) (local.get $j)) (f32x4.demote_f64x2_zero (local.get $put)))) (else (f32.store (i32.add (i32.add (local.get $dG) (local.get $bytes)) (local.get $j)) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (local.get $put))))))
            (local.set $put (f64x2.mul (f64x2.mul (local.get $dcj) (local.get $i)) (f64x2.sub (local.get $one) (f64x2.mul (local.get $g) (local.get $g))))) (if (i32.ge_u (local.get $left) (i32.const 8)) (then (v128.store64_lane 0 (i32.add (i32.add (local.get $dG) (i32.shl (local.get $bytes) (i32.const 1))) (local.get $j)) (f32x4.demote_f64x2_zero (local.get $put)))) (else (f32.store (i32.add (i32.add (local.get $dG) (i32.shl (local.get $bytes) (i32.const 1))) (local.get $j)) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (local.get $put))))))
            (local.set $put (f64x2.mul (f64x2.mul (f64x2.mul (local.get $d) (local.get $tc)) (local.get $o)) (f64x2.sub (local.get $one) (local.get $o)))) (if (i32.ge_u (local.get $left) (i32.const 8)) (then (v128.store64_lane 0 (i32.add (i32.add (local.get $dG) (i32.mul (local.get $bytes) (i32.const 3))) (local.get $j)) (f32x4.demote_f64x2_zero (local.get $put)))) (else (f32.store (i32.add (i32.add (local.get $dG) (i32.mul (local.get $bytes) (i32.const 3))) (local.get $j)) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (local.get $put))))))
            (local.set $put (f64x2.mul (local.get $dcj) (local.get $f))) (if (i32.ge_u (local.get $left) (i32.const 8)) (then (v128.store64_lane 0 (i32.add (local.get $dcPrev) (i32.add (local.get $v) (local.get $j))) (f32x4.demote_f64x2_zero (local.get $put)))) (else (f32.store (i32.add (local.get $dcPrev) (i32.add (local.get $v) (local.get $j))) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (local.get $put))))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $each)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $eachRow))))
  ;; ---------------------------------------------------------------------------------------------------------
  ;; The backward sweep's bookkeeping (backward.ts; linalg.ts has the TypeScript):
  ;; step_gradient: dh_s = source[rows[s]] + carry_s (source 0: no gradient from above, 0 + carry_s), and the
  ;; running total dL/dh[rows[s]] += dh_s; add_to_rows: Y[rows[s]] += X_s; add_rows: y += Σ_r A_r in order of r.
  ;; ---------------------------------------------------------------------------------------------------------
  (func (export "step_gradient")
    (param $source i32) (param $carry i32) (param $dh i32) (param $total i32) (param $rows i32) (param $n i32) (param $H i32)
    (local $put v128)
    (local $s i32) (local $at i32) (local $v i32) (local $j i32) (local $bytes i32) (local $d v128)
    (local.set $bytes (i32.shl (local.get $H) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $s) (local.get $n)))
        (local.set $at (i32.mul (i32.load (i32.add (local.get $rows) (i32.shl (local.get $s) (i32.const 2)))) (local.get $bytes)))
        (local.set $v (i32.mul (local.get $s) (local.get $bytes)))
        (local.set $j (i32.const 0))
        (block $unitsDone
          (loop $unit
            (br_if $unitsDone (i32.ge_u (local.get $j) (local.get $bytes)))
            (local.set $d
              (f64x2.add
                (if (result v128) (local.get $source)
                  (then (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $source) (i32.add (local.get $at) (local.get $j))))))
                  (else (v128.const i64x2 0 0)))
                (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $carry) (i32.add (local.get $v) (local.get $j)))))))
            (local.set $put (local.get $d)) (if (i32.ge_u (i32.sub (local.get $bytes) (local.get $j)) (i32.const 8)) (then (v128.store64_lane 0 (i32.add (local.get $dh) (i32.add (local.get $v) (local.get $j))) (f32x4.demote_f64x2_zero (local.get $put)))) (else (f32.store (i32.add (local.get $dh) (i32.add (local.get $v) (local.get $j))) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (local.get $put))))))
            (local.set $put (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $total) (i32.add (local.get $at) (local.get $j))))) (local.get $d))) (if (i32.ge_u (i32.sub (local.get $bytes) (local.get $j)) (i32.const 8)) (then (v128.store64_lane 0 (i32.add (local.get $total) (i32.add (local.get $at) (local.get $j))) (f32x4.demote_f64x2_zero (local.get $put)))) (else (f32.store (i32.add (local.get $total) (i32.add (local.get $at) (local.get $j))) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (local.get $put))))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $unit)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $row))))

  (func (export "add_to_rows") (param $y i32) (param $rows i32) (param $x i32) (param $n i32) (param $width i32)
    (local $put v128)
    (local $s i32) (local $yAt i32) (local $xAt i32) (local $j i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $width) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $s) (local.get $n)))
        (local.set $yAt (i32.add (local.get $y) (i32.mul (i32.load (i32.add (local.get $rows) (i32.shl (local.get $s) (i32.const 2)))) (local.get $bytes))))
        (local.set $xAt (i32.add (local.get $x) (i32.mul (local.get $s) (local.get $bytes))))
        (local.set $j (i32.const 0))
        (block $unitsDone
          (loop $unit
            (br_if $unitsDone (i32.ge_u (local.get $j) (local.get $bytes)))
            (local.set $put (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $yAt) (local.get $j)))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $xAt) (local.get $j)))))) (if (i32.ge_u (i32.sub (local.get $bytes) (local.get $j)) (i32.const 8)) (then (v128.store64_lane 0 (i32.add (local.get $yAt) (local.get $j)) (f32x4.demote_f64x2_zero (local.get $put)))) (else (f32.store (i32.add (local.get $yAt) (local.get $j)) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (local.get $put))))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $unit)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $row))))

  ;; row after row, as they lie in memory (y, a few thousand numbers at most, stays in the L1 cache): each y[j]
  ;; still gets its rows in order
  (func (export "add_rows") (param $y i32) (param $a i32) (param $count i32) (param $width i32)
    (local $put v128)
    (local $j i32) (local $r i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $width) (i32.const 2)))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $count)))
        (local.set $j (i32.const 0))
        (block $unitsDone
          (loop $unit
            (br_if $unitsDone (i32.ge_u (local.get $j) (local.get $bytes)))
            (local.set $put (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $y) (local.get $j)))) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $a) (local.get $j)))))) (if (i32.ge_u (i32.sub (local.get $bytes) (local.get $j)) (i32.const 8)) (then (v128.store64_lane 0 (i32.add (local.get $y) (local.get $j)) (f32x4.demote_f64x2_zero (local.get $put)))) (else (f32.store (i32.add (local.get $y) (local.get $j)) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (local.get $put))))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $unit)))
        (local.set $a (i32.add (local.get $a) (local.get $bytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))
)
