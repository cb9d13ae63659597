;; malloc_trap.wat — a guest whose malloc traps (e.g. a corrupted heap hitting `unreachable`).
;;
;; Tests (TrapsAndDeadlinesTest): the trap happens while the host marshals a String argument, before the
;; export itself runs; the caller must still get a CleanTrapException (never Chicory's TrapException) and
;; the instance must be broken. Integer-only calls never reach malloc and work (add_one).
(module
  (memory (export "memory") 2 16)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))
  (func (export "malloc") (param i32) (result i32) unreachable)
  (func (export "scope_push") (result i32) global.get $heap)
  (func (export "scope_pop") (param i32) local.get 0 global.set $heap)
  (func (export "byte_length") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "add_one") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
)
