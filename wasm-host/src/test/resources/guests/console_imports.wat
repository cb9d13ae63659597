;; console_imports.wat: conformance guest for the console imports, lowered as cln 0.33 lowers:
;;
;;   start:
;;       console.log("log line")
;;       console.warn("careful")
;;       console.error("bad thing")
;;       printl(error("oops"))                        // error returns its message: oops
;;       printString("no newline")
;;       printl("")
;;       integer n = input.integer("How many? ")       // "abc" is refused, then "42"
;;       printl(n)
;;       printl(input.float("Price? "))                // "x" is refused, then "2.5"
;;       printl(input.yesno("Sure? "))                 // "maybe" is refused, then "YES"
;;       printl(input.range("Rating (1-5)? ", 1, 5))   // "9" is out of range, then "3"
;;       printl(console.input("Name? "))               // "Ada" (console_input: alias of input)
;;       printl(input.integer("More? "))               // end of input: 0
;;       printl(input.range("Level (3-9)? ", 3, 9))    // end of input: min, 3
;;
;; Expected (ConformanceGuestsTest, COMPILED and INTERPRETER): stdout
;;   "log line\noops\nno newline\n42\n2.5\ntrue\n3\nAda\n0\n3\n", errors ["careful", "bad thing", "oops"].
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "print_integer" (func $print_integer (param i64)))
  (import "env" "print_float" (func $print_float (param f64)))
  (import "env" "print_boolean" (func $print_boolean (param i32)))
  (import "env" "print_string" (func $print_string (param i32 i32)))
  (import "env" "error" (func $error (param i32) (result i32)))
  (import "env" "console_log" (func $console_log (param i32 i32)))
  (import "env" "console_error" (func $console_error (param i32 i32)))
  (import "env" "console_warn" (func $console_warn (param i32 i32)))
  (import "env" "input_integer" (func $input_integer (param i32) (result i32)))
  (import "env" "input_float" (func $input_float (param i32) (result f64)))
  (import "env" "input_yesno" (func $input_yesno (param i32) (result i32)))
  (import "env" "input_range" (func $input_range (param i32 i32 i32 i32) (result i32)))
  (import "env" "console_input" (func $console_input (param i32) (result i32)))

  (memory (;0;) 32 512)
  (global $heap (mut i32) (i32.const 16384))
  (export "memory" (memory 0))
  (export "__heap_ptr" (global $heap))
  ;; cln 0.33's allocator: 8-byte aligned bump pointer, grows memory, 0 when it cannot.
  (func $malloc (export "malloc") (param i32) (result i32)
    (local i32 i32 i32)
    global.get $heap
    local.set 1
    local.get 0
    i32.const 7
    i32.add
    i32.const -8
    i32.and
    local.set 2
    local.get 1
    local.get 2
    i32.add
    local.set 3
    local.get 3
    memory.size
    i32.const 16
    i32.shl
    i32.gt_u
    if
      local.get 3
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
    local.get 3
    global.set $heap
    local.get 1
  )
  (func (export "free") (param i32))
  (func (export "scope_push") (result i32)
    global.get $heap
  )
  (func (export "scope_pop") (param i32)
    local.get 0
    global.set $heap
  )
  (func $start (export "start")
    (local i32 i32)
    i32.const 4100
    i32.const 8
    call $console_log
    i32.const 4116
    i32.const 7
    call $console_warn
    i32.const 4132
    i32.const 9
    call $console_error
    i32.const 4144
    call $error
    local.set 1
    local.get 1
    i32.const 4
    i32.add
    local.get 1
    i32.load
    call $printl
    i32.const 4156
    i32.const 10
    call $print_string
    i32.const 0
    i32.const 0
    call $printl
    i32.const 4168
    call $input_integer
    local.set 0
    local.get 0
    i64.extend_i32_s
    call $print_integer
    i32.const 0
    i32.const 0
    call $printl
    i32.const 4184
    call $input_float
    call $print_float
    i32.const 0
    i32.const 0
    call $printl
    i32.const 4200
    call $input_yesno
    call $print_boolean
    i32.const 0
    i32.const 0
    call $printl
    i32.const 4220
    i32.const 14
    i32.const 1
    i32.const 5
    call $input_range
    i64.extend_i32_s
    call $print_integer
    i32.const 0
    i32.const 0
    call $printl
    i32.const 4240
    call $console_input
    local.set 1
    local.get 1
    i32.const 4
    i32.add
    local.get 1
    i32.load
    call $printl
    i32.const 4256
    call $input_integer
    i64.extend_i32_s
    call $print_integer
    i32.const 0
    i32.const 0
    call $printl
    i32.const 4276
    i32.const 13
    i32.const 3
    i32.const 9
    call $input_range
    i64.extend_i32_s
    call $print_integer
    i32.const 0
    i32.const 0
    call $printl
  )
  (func (export "_start")
    call $start
  )
  (data (i32.const 4096) "\08\00\00\00log line")  ;; "log line"
  (data (i32.const 4112) "\07\00\00\00careful")  ;; "careful"
  (data (i32.const 4128) "\09\00\00\00bad thing")  ;; "bad thing"
  (data (i32.const 4144) "\04\00\00\00oops")  ;; "oops"
  (data (i32.const 4152) "\0a\00\00\00no newline")  ;; "no newline"
  (data (i32.const 4168) "\0a\00\00\00How many? ")  ;; "How many? "
  (data (i32.const 4184) "\07\00\00\00Price? ")  ;; "Price? "
  (data (i32.const 4200) "\06\00\00\00Sure? ")  ;; "Sure? "
  (data (i32.const 4216) "\0e\00\00\00Rating (1-5)? ")  ;; "Rating (1-5)? "
  (data (i32.const 4240) "\06\00\00\00Name? ")  ;; "Name? "
  (data (i32.const 4256) "\06\00\00\00More? ")  ;; "More? "
  (data (i32.const 4272) "\0d\00\00\00Level (3-9)? ")  ;; "Level (3-9)? "
)
