;; link_error.wat — a Clean program calling a bridge function this host does not provide
;; (env.send_email), next to the real env.printl and env._async_await imports. Used by TypedErrorsTest:
;; CleanRuntime.Builder.build() must fail with CleanLinkException naming env.send_email.
;;
;; Clean source:
;;   start:
;;       later r = start notify()
;;       printl(r)
;;
;;   functions:
;;       string notify()
;;           send_email("ops@example.org")
;;           return "sent"
(module

  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "_async_await" (func $async_await (param i32 i32 i32 i32) (result i32)))
  (import "env" "send_email" (func $send_email (param i32 i32)))

  ;; ---- cln 0.33 runtime conventions (as in fixtures/cln-0.33): linear memory of 32 pages (max 512),
  ;; a bump heap above the data segments whose pointer is the exported global __heap_ptr, malloc
  ;; (8-byte aligned, grows memory, 0 when it cannot), a no-op free, and scope_push/scope_pop marks.
  (memory (;0;) 32 512)
  (global $heap_ptr (mut i32) (i32.const 4152))
  (export "memory" (memory 0))
  (export "__heap_ptr" (global $heap_ptr))

  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $old i32) (local $aligned i32) (local $end i32)
    global.get $heap_ptr
    local.set $old
    local.get $size
    i32.const 7
    i32.add
    i32.const -8
    i32.and
    local.set $aligned
    local.get $old
    local.get $aligned
    i32.add
    local.set $end
    local.get $end
    memory.size
    i32.const 16
    i32.shl
    i32.gt_u
    if
      local.get $end
      i32.const 16
      i32.shr_u
      memory.size
      i32.sub
      i32.const 1
      i32.add
      memory.grow
      i32.const -1
      i32.eq
      if
        i32.const 0
        return
      end
    end
    local.get $end
    global.set $heap_ptr
    local.get $old)
  (func $free (export "free") (param i32))
  (func $scope_push (export "scope_push") (result i32)
    global.get $heap_ptr)
  (func $scope_pop (export "scope_pop") (param i32)
    local.get 0
    global.set $heap_ptr)


  (func $start (export "start")
    (local $r i32)
    i32.const 4100
    i32.const 6
    i32.const 4116
    i32.const 2
    call $async_await
    local.set $r
    local.get $r
    i32.const 4
    i32.add
    local.get $r
    i32.load
    call $printl)
  (func $_start (export "_start")
    call $start)

  (func $notify (export "notify") (result i32)
    i32.const 4124
    i32.const 15
    call $send_email
    i32.const 4144)

  ;; ---- data: every string is length-prefixed (LP): [u32 byte length][UTF-8 bytes]
  (data (i32.const 4096) "\06\00\00\00notify")  ;; LP notify
  (data (i32.const 4112) "\02\00\00\00[]")  ;; LP noArgs
  (data (i32.const 4120) "\0f\00\00\00ops@example.org")  ;; LP ops
  (data (i32.const 4144) "\04\00\00\00sent")  ;; LP sent
)
