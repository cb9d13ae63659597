;; pool.wat — a small request handler for pool tests.
;;
;; Tests (InstancePoolTest):
;;   handle(s)   prints s through env.print (the test's console checks, during the import, that no other
;;               thread is inside the same instance), then returns s: every caller must get its own string
;;   boom()      traps: the pool must discard the instance and create a new one
;;   calls()     how many times handle ran in this instance (module state persists across pooled calls)
;;
;; Mimics roughly:
;;   functions:
;;       string handle(string request)
;;           handled = handled + 1
;;           print(request)
;;           return request
(module
  (import "env" "print" (func $print (param i32 i32)))

  (memory (export "memory") 2 16)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))
  (global $handled (mut i32) (i32.const 0))

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

  (func (export "handle") (param $s i32) (result i32)
    (global.set $handled (i32.add (global.get $handled) (i32.const 1)))
    (call $print (i32.add (local.get $s) (i32.const 4)) (i32.load (local.get $s)))
    (local.get $s))
  (func (export "calls") (result i32) (global.get $handled))
  (func (export "boom") unreachable)
)
