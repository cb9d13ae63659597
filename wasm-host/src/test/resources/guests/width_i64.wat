;; width_i64.wat — Clean's integer bridge parameters declared i64.
;;
;; Tests (IntegerWidthTest): a module declaring env.print_integer and env._server_sleep with an i64
;; parameter links (the host binds by the declared type) and behaves the same as its width_i32 twin.
;;
;; Mimics this Clean program (cln 0.33 declares these two imports i64; other Clean hosts accept i32 too):
;;   start:
;;       print(-42)
;;       server.sleep(1)
;;       print(7)
;;   functions:
;;       void show(integer n)  -> print(n)
;;       void nap(integer ms)  -> server.sleep(ms)
(module
  (import "env" "print_integer" (func $print_integer (param i64)))
  (import "env" "_server_sleep" (func $sleep (param i64)))

  (memory (export "memory") 2 16)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))

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

  (func (export "start")
    (call $print_integer (i64.const -42))
    (call $sleep (i64.const 1))
    (call $print_integer (i64.const 7)))
  (func (export "show") (param i64) (call $print_integer (local.get 0)))
  (func (export "nap") (param i64) (call $sleep (local.get 0)))
)
