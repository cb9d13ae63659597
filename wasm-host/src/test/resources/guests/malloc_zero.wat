;; malloc_zero.wat — a guest whose malloc is always out of memory.
;;
;; Tests (MemoryBoundsTest): passing a String argument needs malloc(4 + n); the answer 0 must fail the call
;; with CleanMemoryException mentioning malloc (the host must not write the string at address 0).
;; Integer arguments need no allocation and still work (add_one).
;;
;; Mimics a Clean function `integer byte_length(string s) -> return s.length` in an exhausted instance.
(module
  (memory (export "memory") 2 16)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))
  (func (export "malloc") (param i32) (result i32) (i32.const 0))
  (func (export "scope_push") (result i32) global.get $heap)
  (func (export "scope_pop") (param i32) local.get 0 global.set $heap)
  (func (export "byte_length") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "add_one") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
)
