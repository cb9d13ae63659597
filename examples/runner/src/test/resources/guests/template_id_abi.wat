;; A minimal guest for the ID ABI (docs/abi.md): `start` starts the task `greet` as a future, awaits it,
;; prints its result and releases the id. Build: wat2wasm template_id_abi.wat -o template_id_abi.wasm
(module
  (import "env" "printl" (func $printl (param i32 i32)))           ;; (content ptr, byte length)
  (import "env" "create_future" (func $create_future (param i32 i32 i32 i32) (result i32)))
  (import "env" "get_result" (func $get_result (param i32) (result i32)))
  (import "env" "release_future" (func $release_future (param i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 4096))
  (data (i32.const 16) "greet")                    ;; the task: a Java function or, as here, an export
  (data (i32.const 32) "[]")                       ;; its arguments, a JSON array
  (data (i32.const 48) "\05\00\00\00hello")        ;; an LP string: u32 byte length, then UTF-8
  ;; The host writes the strings it returns through malloc: a bump allocator, 8-byte aligned.
  (func (export "malloc") (param $size i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (global.get $heap))
    (global.set $heap (i32.and (i32.add (i32.add (local.get $ptr) (local.get $size)) (i32.const 7)) (i32.const -8)))
    (local.get $ptr))
  (func (export "greet") (result i32) (i32.const 48))  ;; an i32 result is an LP string
  (func (export "start")
    (local $id i32) (local $s i32)
    (local.set $id (call $create_future (i32.const 16) (i32.const 5) (i32.const 32) (i32.const 2)))
    (local.set $s (call $get_result (local.get $id)))  ;; awaits; 0 when the task failed
    (if (i32.eqz (local.get $s)) (then unreachable))
    (call $printl (i32.add (local.get $s) (i32.const 4)) (i32.load (local.get $s)))
    (call $release_future (local.get $id))))
