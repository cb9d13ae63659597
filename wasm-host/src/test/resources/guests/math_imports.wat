;; math_imports.wat: conformance guest for the math imports (imported under their registry names and
;; their math.* aliases), lowered as cln 0.33 lowers:
;;
;;   start:
;;       printl(math.sqrt(16))    // 4
;;       printl(math.pow(2, 10))    // 1024
;;       printl(math.round(-2.5))    // -3
;;       printl(math.round(2.5))    // 3
;;       printl(math.trunc(-2.7))    // -2
;;       printl(math.floor(2.7))    // 2
;;       printl(math.ceil(2.1))    // 3
;;       printl(math.abs(-3.5))    // 3.5
;;       printl(math.min(3, 7))    // 3
;;       printl(math.max(3, 7))    // 7
;;       printl(math.sign(-4))    // -1
;;       printl(math.log2(8))    // 3
;;       printl(math.log10(1000))    // 3
;;       printl(math.exp(0))    // 1
;;       printl(math.exp2(10))    // 1024
;;       printl(math.sin(0))    // 0
;;       printl(math.cos(0))    // 1
;;       printl(math.tan(0))    // 0
;;       printl(math.asin(1))    // 1.5707963267948966
;;       printl(math.acos(1))    // 0
;;       printl(math.atan(0))    // 0
;;       printl(math.atan2(1, 1))    // 0.7853981633974483
;;       printl(math.sinh(0))    // 0
;;       printl(math.cosh(0))    // 1
;;       printl(math.tanh(0))    // 0
;;       printl(math.pi())    // 3.141592653589793
;;       printl(math.e())    // 2.718281828459045
;;       printl(math.ln(math.e()))    // 1
;;       number r = math.random()
;;       printl(r >= 0 and r < 1)     // true
;;
;; Expected: exactly those values, one per line, as print_float formats them (ConformanceGuestsTest).
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "print_float" (func $print_float (param f64)))
  (import "env" "print_boolean" (func $print_boolean (param i32)))
  (import "env" "math.sqrt" (func $math_dot_sqrt (param f64) (result f64)))
  (import "env" "math_pow" (func $math_pow (param f64 f64) (result f64)))
  (import "env" "math.round" (func $math_dot_round (param f64) (result f64)))
  (import "env" "math_round" (func $math_round (param f64) (result f64)))
  (import "env" "math_trunc" (func $math_trunc (param f64) (result f64)))
  (import "env" "math.floor" (func $math_dot_floor (param f64) (result f64)))
  (import "env" "math_ceil" (func $math_ceil (param f64) (result f64)))
  (import "env" "math.abs" (func $math_dot_abs (param f64) (result f64)))
  (import "env" "math_min" (func $math_min (param f64 f64) (result f64)))
  (import "env" "math.max" (func $math_dot_max (param f64 f64) (result f64)))
  (import "env" "math_sign" (func $math_sign (param f64) (result f64)))
  (import "env" "math.log2" (func $math_dot_log2 (param f64) (result f64)))
  (import "env" "math_log10" (func $math_log10 (param f64) (result f64)))
  (import "env" "math_exp" (func $math_exp (param f64) (result f64)))
  (import "env" "math.exp2" (func $math_dot_exp2 (param f64) (result f64)))
  (import "env" "math_sin" (func $math_sin (param f64) (result f64)))
  (import "env" "math.cos" (func $math_dot_cos (param f64) (result f64)))
  (import "env" "math_tan" (func $math_tan (param f64) (result f64)))
  (import "env" "math_asin" (func $math_asin (param f64) (result f64)))
  (import "env" "math.acos" (func $math_dot_acos (param f64) (result f64)))
  (import "env" "math_atan" (func $math_atan (param f64) (result f64)))
  (import "env" "math.atan2" (func $math_dot_atan2 (param f64 f64) (result f64)))
  (import "env" "math_sinh" (func $math_sinh (param f64) (result f64)))
  (import "env" "math_cosh" (func $math_cosh (param f64) (result f64)))
  (import "env" "math.tanh" (func $math_dot_tanh (param f64) (result f64)))
  (import "env" "math_pi" (func $math_pi (result f64)))
  (import "env" "math.e" (func $math_dot_e (result f64)))
  (import "env" "math_ln" (func $math_ln (param f64) (result f64)))
  (import "env" "math.random" (func $math_random (result f64)))

  (memory (;0;) 32 512)
  (global $heap (mut i32) (i32.const 16384))
  (export "memory" (memory 0))
  (export "__heap_ptr" (global $heap))
  ;; cln 0.33's allocator: 8-byte aligned bump pointer, grows memory, 0 when it cannot.
  (func $malloc (export "malloc") (param i32) (result i32)
    (local i32 i32 i32)
    global.get $heap
    local.set 1
    local.get 0
    i32.const 7
    i32.add
    i32.const -8
    i32.and
    local.set 2
    local.get 1
    local.get 2
    i32.add
    local.set 3
    local.get 3
    memory.size
    i32.const 16
    i32.shl
    i32.gt_u
    if
      local.get 3
      i32.const 16
      i32.shr_u
      memory.size
      i32.sub
      i32.const 1
      i32.add
      memory.grow
      i32.const -1
      i32.eq
      if
        i32.const 0
        return
      end
    end
    local.get 3
    global.set $heap
    local.get 1
  )
  (func (export "free") (param i32))
  (func (export "scope_push") (result i32)
    global.get $heap
  )
  (func (export "scope_pop") (param i32)
    local.get 0
    global.set $heap
  )
  (func $start (export "start")
    (local f64)
    f64.const 16
    call $math_dot_sqrt
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 2
    f64.const 10
    call $math_pow
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const -2.5
    call $math_dot_round
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 2.5
    call $math_round
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const -2.7
    call $math_trunc
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 2.7
    call $math_dot_floor
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 2.1
    call $math_ceil
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const -3.5
    call $math_dot_abs
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 3
    f64.const 7
    call $math_min
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 3
    f64.const 7
    call $math_dot_max
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const -4
    call $math_sign
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 8
    call $math_dot_log2
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 1000
    call $math_log10
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 0
    call $math_exp
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 10
    call $math_dot_exp2
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 0
    call $math_sin
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 0
    call $math_dot_cos
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 0
    call $math_tan
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 1
    call $math_asin
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 1
    call $math_dot_acos
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 0
    call $math_atan
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 1
    f64.const 1
    call $math_dot_atan2
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 0
    call $math_sinh
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 0
    call $math_cosh
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    f64.const 0
    call $math_dot_tanh
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    call $math_pi
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    call $math_dot_e
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    call $math_dot_e
    call $math_ln
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    call $math_random
    local.tee 0
    f64.const 0
    f64.ge
    local.get 0
    f64.const 1
    f64.lt
    i32.and
    call $print_boolean
    i32.const 0
    i32.const 0
    call $printl
  )
  (func (export "_start")
    call $start
  )
)
