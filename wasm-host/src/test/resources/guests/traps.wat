;; traps.wat — guests that trap, run away or sleep.
;;
;; Tests (TrapsAndDeadlinesTest, COMPILED and INTERPRETED):
;;   boom()           `unreachable` -> CleanTrapException naming the export
;;   spin()           an infinite loop whose back edge is `br_if 0` (the shape the Clean compiler emits for
;;                    `while true:`; Chicory 1.7.5's interpreter never checks interrupts on br_if), stopped
;;                    by a deadline (CleanTimeoutException) or an external interrupt (CleanInterruptedException)
;;   recurse(n)       unbounded recursion -> CleanTrapException, never StackOverflowError
;;   nap(ms)          env._server_sleep(i64 ms) -> a deadline stops the sleep at once
;;   answer()         returns 42: the instance is fine until something breaks it
;;
;; Mimics roughly:
;;   functions:
;;       void spin()               -> while true: counter = counter + 1
;;       integer recurse(integer n) -> return recurse(n + 1) + 1
;;       void nap(integer ms)      -> server.sleep(ms)
(module
  (import "env" "_server_sleep" (func $sleep (param i64)))

  (memory (export "memory") 2 16)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))
  (global $counter (mut i32) (i32.const 0))

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

  (func (export "answer") (result i32) (i32.const 42))
  (func (export "boom") unreachable)
  (func (export "spin")
    loop $again
      global.get $counter
      i32.const 1
      i32.add
      global.set $counter
      i32.const 1
      br_if $again
    end)
  (func $recurse (export "recurse") (param i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "nap") (param i64) (call $sleep (local.get 0)))
)
