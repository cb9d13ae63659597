;; A module importing portable imports under registry aliases (math.sqrt, string.concat, time.now):
;;   start:
;;       printl(math.sqrt(2.25))
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "print_float" (func $print_float (param f64)))
  (import "env" "math.sqrt" (func $sqrt (param f64) (result f64)))
  (import "env" "string.concat" (func $concat (param i32 i32) (result i32)))
  (import "env" "time.now" (func $now (result i64)))
  (memory (export "memory") 1)
  (func (export "start")
    f64.const 2.25
    call $sqrt
    call $print_float
    i32.const 0
    i32.const 0
    call $printl))
