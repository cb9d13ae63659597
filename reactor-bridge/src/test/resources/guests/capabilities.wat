;; capabilities.wat — a guest reaching for capabilities the Clean ABI (docs/abi.md) does not grant: files
;; and sockets, through WASI and through made-up env imports, next to ordinary imports the host provides.
;;
;; Used by CapabilitiesTest:
;;   - building a CleanRuntime fails with ONE CleanLinkException listing all five foreign imports;
;;   - with lenientImports(true) it links, readFile() fails with CleanLinkException naming
;;     wasi_snapshot_preview1.path_open when called, and hello() keeps working.
;;
;; Not Clean output: shaped like it (memory, malloc, __heap_ptr, scope marks).
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_accept" (func $sock_accept (param i32 i32 i32) (result i32)))
  (import "env" "open_file" (func $open_file (param i32 i32) (result i32)))
  (import "env" "socket_connect" (func $socket_connect (param i32 i32 i32) (result i32)))

  (memory (export "memory") 2 16)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))

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
  (func (export "scope_push") (result i32) (global.get $heap))
  (func (export "scope_pop") (param i32) (global.set $heap (local.get 0)))

  (func (export "hello") (result i32) (i32.const 1024))
  ;; open("/etc/passwd") through WASI
  (func (export "readFile") (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 1044) (i32.const 11) (i32.const 0)
                     (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 2048)))
  ;; connect("127.0.0.1", 80) through a made-up import
  (func (export "connect") (result i32)
    (call $socket_connect (i32.const 1064) (i32.const 9) (i32.const 80)))

  (data (i32.const 1024) "\05\00\00\00hello")
  (data (i32.const 1040) "\0b\00\00\00/etc/passwd")
  (data (i32.const 1060) "\09\00\00\00127.0.0.1")
)
