;; huge_memory.wat — a module whose initial memory (8192 pages, 512 MiB) no small JVM heap holds
;; (OutOfMemoryContainmentTest runs in its own JVM with -Xmx160m). Otherwise a minimal Clean-shaped module.
;;   hello() -> "hello"
(module
  (memory (export "memory") 8192 65536)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 8192))
  (func (export "malloc") (param $n i32) (result i32) (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.and (i32.add (i32.add (local.get $p) (local.get $n)) (i32.const 7)) (i32.const -8)))
    (local.get $p))
  (func (export "hello") (result i32) (i32.const 4096))
  (data (i32.const 4096) "\05\00\00\00hello"))
