;; A minimal guest as cln 0.33 lowers async: `background audit()` is _async_fire, `later x = start greet()`
;; then reading x is _async_await. Build: wat2wasm template_async.wat -o template_async.wasm
(module
  (import "env" "printl" (func $printl (param i32 i32)))           ;; (content ptr, byte length)
  (import "env" "_async_fire" (func $async_fire (param i32 i32 i32 i32)))
  (import "env" "_async_await" (func $async_await (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 4096))
  (data (i32.const 16) "greet")                    ;; task names: Java functions or, as here, exports
  (data (i32.const 24) "audit")
  (data (i32.const 32) "[]")                       ;; their arguments, a JSON array (cln 0.33 passes [])
  (data (i32.const 48) "\05\00\00\00hello")        ;; an LP string: u32 byte length, then UTF-8
  (data (i32.const 64) "audit ran")
  ;; The host writes the strings it returns through malloc: a bump allocator, 8-byte aligned.
  (func (export "malloc") (param $size i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (global.get $heap))
    (global.set $heap (i32.and (i32.add (i32.add (local.get $ptr) (local.get $size)) (i32.const 7)) (i32.const -8)))
    (local.get $ptr))
  (func (export "greet") (result i32) (i32.const 48))  ;; an i32 result is an LP string
  (func (export "audit") (call $printl (i32.const 64) (i32.const 9)))
  (func (export "start")
    (local $s i32)
    (call $async_fire (i32.const 24) (i32.const 5) (i32.const 32) (i32.const 2))  ;; returns at once
    (local.set $s (call $async_await (i32.const 16) (i32.const 5) (i32.const 32) (i32.const 2)))
    (call $printl (i32.add (local.get $s) (i32.const 4)) (i32.load (local.get $s)))))
