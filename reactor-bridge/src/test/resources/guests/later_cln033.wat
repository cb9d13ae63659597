;; later_cln033.wat — Clean async as cln 0.33 lowers it: `later x = start f()` becomes
;; env._async_await(name_ptr, name_len, args_ptr, args_len) -> LP string at the `later` line, and
;; `background f()` becomes env._async_fire(...). The compiler evaluates call arguments and drops them:
;; args is always the JSON "[]". Imports carry cln 0.33's exact WASM types (fixtures/cln-0.33, docs/abi.md);
;; memory, malloc, __heap_ptr and scope_push/scope_pop follow its runtime conventions.
;;
;; Used by LaterAndBackgroundTest, CancellationAndTimeoutTest, TypedErrorsTest, BlockHoundTest and the
;; Reactive Streams TCK classes (CallPublisherTckTest, TaskOutcomesTckTest).
;;
;; Clean source:
;;   start:
;;       later data = start fetchData()
;;       printl("Working...")
;;       printl(data)
;;
;;   functions:
;;       string fetchData()
;;           printl("fetchData: fetching")
;;           return "data from " + "fetchData"
;;
;;       void login()
;;           background logAction()
;;           printl("Logged in")
;;
;;       void logAction()
;;           printl("audit: login")
;;           background audit.log()          -- a Java function registered with the runtime
;;
;;       void burst()                        -- eight fire-and-forget Java calls
;;           background tick()
;;           ... (8 times)
;;
;;       string hello()
;;           return "hello"
;;
;;       void nothing()
;;
;;       string brokenTask()
;;           integer zero = 0
;;           integer never = 1 / zero        -- integer division by zero traps
;;           return "unreachable"
;;
;;       string laterCrash()
;;           later x = start brokenTask()
;;           return x
;;
;;       string laterUnknown()
;;           later r = start payments.charge()   -- no such Java function or export
;;           return r
;;
;;       string echo(string s)
;;           return s
;;
;;       string laterEcho()
;;           later x = start echo("hi")      -- cln 0.33 drops "hi": the host receives "[]"
;;           return x
;;
;;       string laterSpin()
;;           later x = start spin()
;;           return x
;;
;;       void spin()
;;           printl("spinning")
;;           integer n = 0
;;           while true
;;               n = n + 1
(module

  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "string.concat" (func $string_concat (param i32 i32) (result i32)))
  (import "env" "_async_fire" (func $async_fire (param i32 i32 i32 i32)))
  (import "env" "_async_await" (func $async_await (param i32 i32 i32 i32) (result i32)))

  ;; ---- cln 0.33 runtime conventions (as in fixtures/cln-0.33): linear memory of 32 pages (max 512),
  ;; a bump heap above the data segments whose pointer is the exported global __heap_ptr, malloc
  ;; (8-byte aligned, grows memory, 0 when it cannot), a no-op free, and scope_push/scope_pop marks.
  (memory (;0;) 32 512)
  (global $heap_ptr (mut i32) (i32.const 4360))
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


  ;; start:  later data = start fetchData(); printl("Working..."); printl(data)
  (func $start (export "start")
    (local $data i32)
    i32.const 4100            ;; "fetchData"
    i32.const 9
    i32.const 4116               ;; "[]"
    i32.const 2
    call $async_await
    local.set $data
    i32.const 4124
    i32.const 10
    call $printl
    local.get $data
    i32.const 4
    i32.add
    local.get $data
    i32.load
    call $printl)
  (func $_start (export "_start")
    call $start)

  (func $fetchData (export "fetchData") (result i32)
    i32.const 4140
    i32.const 19
    call $printl
    i32.const 4160             ;; "data from " + "fetchData"
    i32.const 4096
    call $string_concat)

  (func $login (export "login")
    i32.const 4180
    i32.const 9
    i32.const 4116
    i32.const 2
    call $async_fire
    i32.const 4196
    i32.const 9
    call $printl)

  (func $logAction (export "logAction")
    i32.const 4212
    i32.const 12
    call $printl
    i32.const 4228
    i32.const 9
    i32.const 4116
    i32.const 2
    call $async_fire)

  (func $burst (export "burst")
    ;; the compiler unrolls nothing; eight background statements are eight calls
    i32.const 4244 i32.const 4 i32.const 4116 i32.const 2 call $async_fire
    i32.const 4244 i32.const 4 i32.const 4116 i32.const 2 call $async_fire
    i32.const 4244 i32.const 4 i32.const 4116 i32.const 2 call $async_fire
    i32.const 4244 i32.const 4 i32.const 4116 i32.const 2 call $async_fire
    i32.const 4244 i32.const 4 i32.const 4116 i32.const 2 call $async_fire
    i32.const 4244 i32.const 4 i32.const 4116 i32.const 2 call $async_fire
    i32.const 4244 i32.const 4 i32.const 4116 i32.const 2 call $async_fire
    i32.const 4244 i32.const 4 i32.const 4116 i32.const 2 call $async_fire)

  (func $hello (export "hello") (result i32)
    i32.const 4248)

  (func $nothing (export "nothing"))

  (func $brokenTask (export "brokenTask") (result i32)
    (local $zero i32) (local $never i32)
    i32.const 0
    local.set $zero
    i32.const 1
    local.get $zero
    i32.div_s                          ;; traps: integer divide by zero
    local.set $never
    i32.const 4264)

  (func $laterCrash (export "laterCrash") (result i32)
    i32.const 4284
    i32.const 10
    i32.const 4116
    i32.const 2
    call $async_await)

  (func $laterUnknown (export "laterUnknown") (result i32)
    i32.const 4300
    i32.const 15
    i32.const 4116
    i32.const 2
    call $async_await)

  (func $echo (export "echo") (param $s i32) (result i32)
    local.get $s)

  (func $laterEcho (export "laterEcho") (result i32)
    ;; "hi" is evaluated and dropped by cln 0.33
    i32.const 4328
    drop
    i32.const 4324
    i32.const 4
    i32.const 4116
    i32.const 2
    call $async_await)

  (func $laterSpin (export "laterSpin") (result i32)
    i32.const 4340
    i32.const 4
    i32.const 4116
    i32.const 2
    call $async_await)

  ;; while true: n = n + 1  — the loop's back edge is a br_if, as cln 0.33 emits conditional loops
  (func $spin (export "spin")
    (local $n i32) (local $cond i32)
    i32.const 4348
    i32.const 8
    call $printl
    i32.const 0
    local.set $n
    loop $continue
      local.get $n
      i32.const 1
      i32.add
      local.set $n
      i32.const 1                      ;; `true`
      local.set $cond
      local.get $cond
      br_if $continue
    end)

  ;; ---- data: every string is length-prefixed (LP): [u32 byte length][UTF-8 bytes]
  (data (i32.const 4096) "\09\00\00\00fetchData")  ;; LP fetchData
  (data (i32.const 4112) "\02\00\00\00[]")  ;; LP noArgs
  (data (i32.const 4120) "\0a\00\00\00Working...")  ;; LP working
  (data (i32.const 4136) "\13\00\00\00fetchData: fetching")  ;; LP fetching
  (data (i32.const 4160) "\0a\00\00\00data from ")  ;; LP dataFrom
  (data (i32.const 4176) "\09\00\00\00logAction")  ;; LP logAction
  (data (i32.const 4192) "\09\00\00\00Logged in")  ;; LP loggedIn
  (data (i32.const 4208) "\0c\00\00\00audit: login")  ;; LP auditLogin
  (data (i32.const 4224) "\09\00\00\00audit.log")  ;; LP auditLog
  (data (i32.const 4240) "\04\00\00\00tick")  ;; LP tick
  (data (i32.const 4248) "\05\00\00\00hello")  ;; LP hello
  (data (i32.const 4264) "\0b\00\00\00unreachable")  ;; LP unreachable
  (data (i32.const 4280) "\0a\00\00\00brokenTask")  ;; LP brokenTask
  (data (i32.const 4296) "\0f\00\00\00payments.charge")  ;; LP paymentsCharge
  (data (i32.const 4320) "\04\00\00\00echo")  ;; LP echo
  (data (i32.const 4328) "\02\00\00\00hi")  ;; LP hi
  (data (i32.const 4336) "\04\00\00\00spin")  ;; LP spin
  (data (i32.const 4344) "\08\00\00\00spinning")  ;; LP spinning
)
