;; shared_state.wat — module state and tasks, lowered as cln 0.33 does (env._async_await / env._async_fire,
;; args "[]"). The module-level variable `state` is a mutable i32 global. Used by SharedInstanceTest to show
;; where tasks run: TaskIsolation.SHARED_INSTANCE runs them on the caller's instance (they see `state` as
;; the caller left it), ISOLATED on a pooled instance of their own (they see the initial 0).
;;
;; Clean source:
;;   integer state = 0
;;
;;   functions:
;;       string setAndAwait()
;;           state = 42
;;           later s = start readState()
;;           return s
;;
;;       string readState()
;;           if state == 42
;;               return "state 42 (caller's)"
;;           return "initial state"
;;
;;       void setAndFire()
;;           state = 7
;;           background report()
;;           printl("fired")
;;
;;       void report()
;;           if state == 7
;;               printl("report: caller's state")
;;           else
;;               printl("report: initial state")
(module

  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "_async_fire" (func $async_fire (param i32 i32 i32 i32)))
  (import "env" "_async_await" (func $async_await (param i32 i32 i32 i32) (result i32)))

  ;; ---- cln 0.33 runtime conventions (as in fixtures/cln-0.33): linear memory of 32 pages (max 512),
  ;; a bump heap above the data segments whose pointer is the exported global __heap_ptr, malloc
  ;; (8-byte aligned, grows memory, 0 when it cannot), a no-op free, and scope_push/scope_pop marks.
  (memory (;0;) 32 512)
  (global $heap_ptr (mut i32) (i32.const 4264))
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


  (global $state (mut i32) (i32.const 0))

  (func $setAndAwait (export "setAndAwait") (result i32)
    i32.const 42
    global.set $state
    i32.const 4100
    i32.const 9
    i32.const 4116
    i32.const 2
    call $async_await)

  (func $readState (export "readState") (result i32)
    global.get $state
    i32.const 42
    i32.eq
    if (result i32)
      i32.const 4120
    else
      i32.const 4144
    end)

  (func $setAndFire (export "setAndFire")
    i32.const 7
    global.set $state
    i32.const 4172
    i32.const 6
    i32.const 4116
    i32.const 2
    call $async_fire
    i32.const 4188
    i32.const 5
    call $printl)

  (func $report (export "report")
    global.get $state
    i32.const 7
    i32.eq
    if
      i32.const 4204
      i32.const 22
      call $printl
    else
      i32.const 4236
      i32.const 21
      call $printl
    end)

  ;; ---- data: every string is length-prefixed (LP): [u32 byte length][UTF-8 bytes]
  (data (i32.const 4096) "\09\00\00\00readState")  ;; LP readState
  (data (i32.const 4112) "\02\00\00\00[]")  ;; LP noArgs
  (data (i32.const 4120) "\13\00\00\00state 42 (caller's)")  ;; LP seen
  (data (i32.const 4144) "\0d\00\00\00initial state")  ;; LP initial
  (data (i32.const 4168) "\06\00\00\00report")  ;; LP report
  (data (i32.const 4184) "\05\00\00\00fired")  ;; LP fired
  (data (i32.const 4200) "\16\00\00\00report: caller's state")  ;; LP reportCaller
  (data (i32.const 4232) "\15\00\00\00report: initial state")  ;; LP reportInitial
)
