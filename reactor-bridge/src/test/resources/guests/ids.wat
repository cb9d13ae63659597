;; ids.wat — the same kind of Clean program lowered to the ID ABI v1 (docs/abi.md), the target a fixed
;; compiler would emit: `later x = start f(args)` becomes env.create_future(name, args JSON) -> id at the
;; `later` line, the first use of x becomes env.get_result(id) (then env.release_future(id)), and
;; `background f(args)` becomes env.spawn_task(...). Unlike cln 0.33 the arguments survive as a JSON array.
;; Guest-owned futures (future_new / resolve_future / reject_future) are written in a hypothetical syntax
;; (`future f = future()`, `f.resolve(v)`, `f.reject(msg)`, `await f`). Ids are declared i32; strings are
;; LP pointers expanded to (content_ptr, byte_len) where an import takes two values, as cln does.
;;
;; Used by LaterAndBackgroundTest, OverlapTest, GuestOwnedFutureTest, JavaFunctionTest,
;; CancellationAndTimeoutTest, TypedErrorsTest, BlockHoundTest and the TCK classes for future(id) and callForFuture.
;;
;; Clean source:
;;   start:
;;       later data = start fetchData("https://example.org/data")
;;       printl("Working...")
;;       printl(data)                         -- awaits here
;;
;;   functions:
;;       string fetchData(string url)
;;           printl("fetching " + url)
;;           return "data from " + url
;;
;;       void login()
;;           background logAction("login")
;;           printl("Logged in")
;;
;;       void logAction(string action)
;;           printl("audit: " + action)
;;           background audit.log(action)      -- a Java function
;;
;;       string pair()                         -- two futures in flight before either is awaited
;;           later a = start meet("a")
;;           later b = start meet("b")
;;           return a + "+" + b
;;
;;       string meet(string who)
;;           later r = start barrier(who)      -- a Java function
;;           return r
;;
;;       string user()
;;           later user = start db.findUser(42) -- a Java function returning a Mono
;;           return "got " + user
;;
;;       string taskFailure()
;;           later x = start brokenTask()
;;           if x.failed
;;               return "failed: " + x.error
;;           return x
;;
;;       string brokenTask()
;;           integer zero = 0
;;           integer never = 1 / zero          -- traps
;;           return "unreachable"
;;
;;       integer cancelNever()
;;           later n = start never()           -- a Java function whose Mono never completes
;;           integer took = n.cancel()         -- 1: it was pending and is now cancelled
;;           return n.status * 10 + took       -- 3 (cancelled) * 10 + 1 = 31
;;
;;       integer awaitJava()                   -- awaits a Java function forever (cancel/timeout tests)
;;           later n = start never()
;;           printl("awaiting never")
;;           return length(n)
;;
;;       future own()
;;           future f = future()
;;           f.resolve("mine")
;;           return f
;;
;;       future ownPending()
;;           return future()
;;
;;       integer settle(future f, string value)
;;           return f.resolve(value)           -- 1 if it was pending
;;
;;       future ownRejected()
;;           future f = future()
;;           f.reject("card declined")
;;           return f
;;
;;       void release(future f)
;;           f.release()
;;
;;       string stuck()
;;           future f = future()
;;           return await f                    -- nobody can ever resolve f
;;
;;       string hello()
;;           return "hello"
(module

  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "string.concat" (func $string_concat (param i32 i32) (result i32)))
  (import "env" "spawn_task" (func $spawn_task (param i32 i32 i32 i32) (result i32)))
  (import "env" "create_future" (func $create_future (param i32 i32 i32 i32) (result i32)))
  (import "env" "future_status" (func $future_status (param i32) (result i32)))
  (import "env" "get_result" (func $get_result (param i32) (result i32)))
  (import "env" "future_error" (func $future_error (param i32) (result i32)))
  (import "env" "cancel_future" (func $cancel_future (param i32) (result i32)))
  (import "env" "future_new" (func $future_new (result i32)))
  (import "env" "resolve_future" (func $resolve_future (param i32 i32 i32) (result i32)))
  (import "env" "reject_future" (func $reject_future (param i32 i32 i32) (result i32)))
  (import "env" "release_future" (func $release_future (param i32)))

  ;; ---- cln 0.33 runtime conventions (as in fixtures/cln-0.33): linear memory of 32 pages (max 512),
  ;; a bump heap above the data segments whose pointer is the exported global __heap_ptr, malloc
  ;; (8-byte aligned, grows memory, 0 when it cannot), a no-op free, and scope_push/scope_pop marks.
  (memory (;0;) 32 512)
  (global $heap_ptr (mut i32) (i32.const 4528))
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


  ;; get_result then release_future: the lowering of the first use of a `later` variable
  (func $await (param $id i32) (result i32)
    (local $value i32)
    local.get $id
    call $get_result
    local.set $value
    local.get $id
    call $release_future
    local.get $value)

  (func $start (export "start")
    (local $data i32)
    i32.const 4100            ;; later data = start fetchData("https://example.org/data")
    i32.const 9
    i32.const 4116
    i32.const 28
    call $create_future
    local.set $data
    i32.const 4156
    i32.const 10
    call $printl
    local.get $data                    ;; printl(data): first use awaits
    call $await
    local.set $data
    local.get $data
    i32.const 4
    i32.add
    local.get $data
    i32.load
    call $printl)
  (func $_start (export "_start")
    call $start)

  (func $fetchData (export "fetchData") (param $url i32) (result i32)
    (local $line i32)
    i32.const 4168
    local.get $url
    call $string_concat
    local.set $line
    local.get $line
    i32.const 4
    i32.add
    local.get $line
    i32.load
    call $printl
    i32.const 4184
    local.get $url
    call $string_concat)

  (func $login (export "login")
    i32.const 4204
    i32.const 9
    i32.const 4220
    i32.const 9
    call $spawn_task
    drop
    i32.const 4236
    i32.const 9
    call $printl)

  (func $logAction (export "logAction") (param $action i32)
    (local $line i32) (local $args i32)
    i32.const 4248
    local.get $action
    call $string_concat
    local.set $line
    local.get $line
    i32.const 4
    i32.add
    local.get $line
    i32.load
    call $printl
    i32.const 4264             ;; the compiler encodes the arguments: ["<action>"]
    local.get $action
    call $string_concat
    i32.const 4272
    call $string_concat
    local.set $args
    i32.const 4284
    i32.const 9
    local.get $args
    i32.const 4
    i32.add
    local.get $args
    i32.load
    call $spawn_task
    drop)

  (func $pair (export "pair") (result i32)
    (local $a i32) (local $b i32)
    i32.const 4300
    i32.const 4
    i32.const 4308
    i32.const 5
    call $create_future
    local.set $a
    i32.const 4300
    i32.const 4
    i32.const 4324
    i32.const 5
    call $create_future
    local.set $b
    local.get $a
    call $await
    i32.const 4336
    call $string_concat
    local.get $b
    call $await
    call $string_concat)

  (func $meet (export "meet") (param $who i32) (result i32)
    (local $args i32)
    i32.const 4264
    local.get $who
    call $string_concat
    i32.const 4272
    call $string_concat
    local.set $args
    i32.const 4348
    i32.const 7
    local.get $args
    i32.const 4
    i32.add
    local.get $args
    i32.load
    call $create_future
    call $await)

  (func $user (export "user") (result i32)
    (local $id i32)
    i32.const 4364
    i32.const 11
    i32.const 4380
    i32.const 4
    call $create_future
    local.set $id
    i32.const 4384
    local.get $id
    call $await
    call $string_concat)

  (func $taskFailure (export "taskFailure") (result i32)
    (local $id i32) (local $x i32) (local $msg i32)
    i32.const 4396
    i32.const 10
    i32.const 4148
    i32.const 2
    call $create_future
    local.set $id
    local.get $id
    call $get_result
    local.set $x
    local.get $x
    i32.eqz
    if (result i32)
      local.get $id
      call $future_error
      local.set $msg
      local.get $id
      call $release_future
      i32.const 4408
      local.get $msg
      call $string_concat
    else
      local.get $id
      call $release_future
      local.get $x
    end)

  (func $brokenTask (export "brokenTask") (result i32)
    (local $zero i32) (local $never i32)
    i32.const 0
    local.set $zero
    i32.const 1
    local.get $zero
    i32.div_s
    local.set $never
    i32.const 4424)

  (func $cancelNever (export "cancelNever") (result i32)
    (local $id i32) (local $took i32) (local $status i32)
    i32.const 4444
    i32.const 5
    i32.const 4148
    i32.const 2
    call $create_future
    local.set $id
    local.get $id
    call $cancel_future
    local.set $took
    local.get $id
    call $future_status
    local.set $status
    local.get $id
    call $release_future
    local.get $status
    i32.const 10
    i32.mul
    local.get $took
    i32.add)

  (func $awaitJava (export "awaitJava") (result i32)
    (local $id i32) (local $n i32)
    i32.const 4444
    i32.const 5
    i32.const 4148
    i32.const 2
    call $create_future
    local.set $id
    i32.const 4460
    i32.const 14
    call $printl
    local.get $id
    call $await
    local.set $n
    local.get $n
    i32.load)

  (func $own (export "own") (result i32)
    (local $f i32)
    call $future_new
    local.set $f
    local.get $f
    i32.const 4484
    i32.const 4
    call $resolve_future
    drop
    local.get $f)

  (func $ownPending (export "ownPending") (result i32)
    call $future_new)

  (func $settle (export "settle") (param $f i32) (param $value i32) (result i32)
    local.get $f
    local.get $value
    i32.const 4
    i32.add
    local.get $value
    i32.load
    call $resolve_future)

  (func $ownRejected (export "ownRejected") (result i32)
    (local $f i32)
    call $future_new
    local.set $f
    local.get $f
    i32.const 4492
    i32.const 13
    call $reject_future
    drop
    local.get $f)

  (func $release (export "release") (param $f i32)
    local.get $f
    call $release_future)

  (func $stuck (export "stuck") (result i32)
    call $future_new
    call $await)

  (func $hello (export "hello") (result i32)
    i32.const 4512)

  ;; ---- data: every string is length-prefixed (LP): [u32 byte length][UTF-8 bytes]
  (data (i32.const 4096) "\09\00\00\00fetchData")  ;; LP fetchData
  (data (i32.const 4112) "\1c\00\00\00[\22https://example.org/data\22]")  ;; LP fetchArgs
  (data (i32.const 4144) "\02\00\00\00[]")  ;; LP noArgs
  (data (i32.const 4152) "\0a\00\00\00Working...")  ;; LP working
  (data (i32.const 4168) "\09\00\00\00fetching ")  ;; LP fetchingSp
  (data (i32.const 4184) "\0a\00\00\00data from ")  ;; LP dataFrom
  (data (i32.const 4200) "\09\00\00\00logAction")  ;; LP logAction
  (data (i32.const 4216) "\09\00\00\00[\22login\22]")  ;; LP loginArgs
  (data (i32.const 4232) "\09\00\00\00Logged in")  ;; LP loggedIn
  (data (i32.const 4248) "\07\00\00\00audit: ")  ;; LP auditSp
  (data (i32.const 4264) "\02\00\00\00[\22")  ;; LP jsonOpen
  (data (i32.const 4272) "\02\00\00\00\22]")  ;; LP jsonClose
  (data (i32.const 4280) "\09\00\00\00audit.log")  ;; LP auditLog
  (data (i32.const 4296) "\04\00\00\00meet")  ;; LP meet
  (data (i32.const 4304) "\05\00\00\00[\22a\22]")  ;; LP argsA
  (data (i32.const 4320) "\05\00\00\00[\22b\22]")  ;; LP argsB
  (data (i32.const 4336) "\01\00\00\00+")  ;; LP plus
  (data (i32.const 4344) "\07\00\00\00barrier")  ;; LP barrier
  (data (i32.const 4360) "\0b\00\00\00db.findUser")  ;; LP findUser
  (data (i32.const 4376) "\04\00\00\00[42]")  ;; LP userArgs
  (data (i32.const 4384) "\04\00\00\00got ")  ;; LP got
  (data (i32.const 4392) "\0a\00\00\00brokenTask")  ;; LP brokenTask
  (data (i32.const 4408) "\08\00\00\00failed: ")  ;; LP failedSp
  (data (i32.const 4424) "\0b\00\00\00unreachable")  ;; LP unreachable
  (data (i32.const 4440) "\05\00\00\00never")  ;; LP never
  (data (i32.const 4456) "\0e\00\00\00awaiting never")  ;; LP awaitingNever
  (data (i32.const 4480) "\04\00\00\00mine")  ;; LP mine
  (data (i32.const 4488) "\0d\00\00\00card declined")  ;; LP declined
  (data (i32.const 4512) "\05\00\00\00hello")  ;; LP hello
)
