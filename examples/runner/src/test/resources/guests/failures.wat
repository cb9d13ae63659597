;; Misbehaving guest for the runner's exit-code tests. Each export fails one way:
;;   trap:   `unreachable`, what a failed Clean assertion compiles to
;;   spin:   an endless loop whose back edge is br_if, as compilers emit it
;;   greet:  prints a line and returns normally (the control case)
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (memory (export "memory") 1 4)
  (data (i32.const 1024) "about to fail")
  (func (export "trap")
    i32.const 1024
    i32.const 13
    call $printl
    unreachable)
  (func (export "spin")
    (local $i i32)
    loop $again
      local.get $i
      i32.const 1
      i32.add
      local.tee $i
      i32.const 0
      i32.ne
      br_if $again
      i32.const 0
      local.set $i
      br $again
    end)
  (func (export "greet")
    i32.const 1024
    i32.const 5
    call $printl))
