;; async_await.wat — cln 0.33's lowering of `later x = start fetch()` without an AsyncHost installed.
;;
;; Tests (LinkDiagnosticsTest): linking without an AsyncHost fails and the message names reactor-bridge,
;; the component that provides env._async_await.
;;
;; Mimics this Clean program:
;;   start:
;;       later x = start fetch()
;;       printl(x)
;;   functions:
;;       string fetch()  -> return "data"
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "_async_await" (func $async_await (param i32 i32 i32 i32) (result i32)))

  (memory (export "memory") 2 16)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))

  (data (i32.const 1024) "fetch")   ;; task name (ptr, len) = (1024, 5)
  (data (i32.const 1032) "[]")      ;; args JSON (ptr, len) = (1032, 2)
  (data (i32.const 1040) "\04\00\00\00data")

  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $old i32) (local $end i32)
    (local.set $old (global.get $heap))
    (local.set $end (i32.add (local.get $old)
                             (i32.and (i32.add (local.get $size) (i32.const 7)) (i32.const -8))))
    (if (i32.gt_u (local.get $end) (i32.shl (memory.size) (i32.const 16)))
      (then
        (if (i32.eq (memory.grow (i32.add (i32.sub (i32.shr_u (local.get $end) (i32.const 16)) (memory.size))
                                          (i32.const 1)))
                    (i32.const -1))
          (then (return (i32.const 0))))))
    (global.set $heap (local.get $end))
    (local.get $old))
  (func (export "scope_push") (result i32) global.get $heap)
  (func (export "scope_pop") (param i32) local.get 0 global.set $heap)

  (func (export "fetch") (result i32) (i32.const 1040))
  (func (export "start")
    (local $x i32)
    (local.set $x (call $async_await (i32.const 1024) (i32.const 5) (i32.const 1032) (i32.const 2)))
    (call $printl (i32.add (local.get $x) (i32.const 4)) (i32.load (local.get $x))))
)
