;; bounds.wat — a buggy guest handing the host bad pointers and lengths.
;;
;; Tests (MemoryBoundsTest): each bad value makes the call fail with CleanMemoryException naming the import
;; (e.g. "env.printl") and the value (never ArrayIndexOutOfBoundsException), the instance becomes broken,
;; and a fresh instance from the same host works (fine).
;;   printl_raw(ptr, len)   passes its arguments straight to env.printl (ptr past the end, negative length,
;;                          ptr + len wrapping around 32 bits, exact end of memory)
;;   concat_raw(a, b)       passes two LP pointers straight to env.string.concat
;;   error_raw(lp)          passes an LP pointer straight to env.error
;;   concat_huge_prefix()   an LP string in the data segment whose length prefix says 0x7FFFFFF0 bytes
;;   printl_bad_utf8()      three bytes that are not UTF-8 (0xFF 0xFE 0xC3)
;;
;; Shaped like Clean output (memory, malloc, __heap_ptr, scope marks), like `start: printl("fine")`.
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "error" (func $error (param i32) (result i32)))
  (import "env" "string.concat" (func $concat (param i32 i32) (result i32)))

  (memory (export "memory") 2 16)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))

  (data (i32.const 1024) "\04\00\00\00fine")
  (data (i32.const 1040) "\f0\ff\ff\7f")      ;; LP string claiming 0x7FFFFFF0 bytes
  (data (i32.const 1056) "\ff\fe\c3")         ;; invalid UTF-8
  (data (i32.const 1064) "\03\00\00\00\ff\fe\c3") ;; the same bytes as an LP string

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

  (func (export "fine") (call $printl (i32.const 1028) (i32.const 4)))
  (func (export "printl_raw") (param i32 i32) (call $printl (local.get 0) (local.get 1)))
  (func (export "concat_raw") (param i32 i32) (result i32) (call $concat (local.get 0) (local.get 1)))
  (func (export "error_raw") (param i32) (drop (call $error (local.get 0))))
  (func (export "concat_huge_prefix") (result i32) (call $concat (i32.const 1024) (i32.const 1040)))
  (func (export "printl_bad_utf8") (call $printl (i32.const 1056) (i32.const 3)))
  (func (export "concat_bad_utf8") (result i32) (call $concat (i32.const 1024) (i32.const 1064)))
)
