;; A module this host cannot link: one import nobody provides, one with the wrong type.
(module
  (import "env" "printl" (func $printl (param f64)))
  (import "env" "open_socket" (func $open (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "start")
    f64.const 1
    call $printl))
