;; memory_hog.wat — a guest that asks for more memory than a small JVM heap holds (OutOfMemoryContainmentTest,
;; which runs in its own JVM with -Xmx160m). Not Clean output; memory, malloc, __heap_ptr and
;; scope_push/scope_pop follow cln 0.33's conventions so the host treats it as a Clean module.
;;   hello() -> "hello"
;;   grow(pages) -> i32     memory.grow by `pages` 64 KiB pages: -1 when refused, else the old size
;;   touch()                writes one byte into every page of memory, so each page is really allocated
(module
  (memory (export "memory") 1 65536)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 8192))
  (func (export "malloc") (param $n i32) (result i32) (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.and (i32.add (i32.add (local.get $p) (local.get $n)) (i32.const 7)) (i32.const -8)))
    (local.get $p))
  (func (export "scope_push") (result i32) (global.get $heap))
  (func (export "scope_pop") (param $mark i32) (global.set $heap (local.get $mark)))
  (func (export "hello") (result i32) (i32.const 4096))
  (func (export "grow") (param $pages i32) (result i32) (memory.grow (local.get $pages)))
  (func (export "touch") (local $page i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $page) (memory.size)))
        (i32.store8 (i32.shl (local.get $page) (i32.const 16)) (i32.const 1))
        (local.set $page (i32.add (local.get $page) (i32.const 1)))
        (br $next))))
  (data (i32.const 4096) "\05\00\00\00hello"))
