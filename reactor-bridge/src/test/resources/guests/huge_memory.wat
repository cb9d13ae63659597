;; huge_memory.wat — a module whose initial memory (8192 pages, 512 MiB) no small JVM heap holds once written
;; (OutOfMemoryContainmentTest runs in its own JVM with -Xmx160m). Otherwise a minimal Clean-shaped module.
;;   hello() -> "hello"
;;   touch()                writes one byte into every page of memory, so each page is really allocated
(module
  (memory (export "memory") 8192 65536)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 8192))
  (func (export "malloc") (param $n i32) (result i32) (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.and (i32.add (i32.add (local.get $p) (local.get $n)) (i32.const 7)) (i32.const -8)))
    (local.get $p))
  (func (export "hello") (result i32) (i32.const 4096))
  (func (export "touch") (local $page i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $page) (memory.size)))
        (i32.store8 (i32.shl (local.get $page) (i32.const 16)) (i32.const 1))
        (local.set $page (i32.add (local.get $page) (i32.const 1)))
        (br $next))))
  (data (i32.const 4096) "\05\00\00\00hello"))
