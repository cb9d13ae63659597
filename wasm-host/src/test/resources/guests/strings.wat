;; strings.wat — strings and value marshalling between Java and a Clean-shaped guest.
;;
;; Tests (StringsAndMarshallingTest, run in COMPILED and INTERPRETED mode):
;;   - Java String arguments arrive as LP strings ([u32 LE length][UTF-8]) allocated via the exported malloc,
;;     String results are decoded from LP pointers (echo, greet);
;;   - every console import: print / printl / print_integer(i64) / print_float / print_boolean / error;
;;   - env.input, env.float_to_string / env.string_to_float, memory_runtime.mem_alloc;
;;   - i32 / i64 / f64 / boolean parameters and results;
;;   - the per-call heap rewind through scope_push / scope_pop (heap_top reads __heap_ptr).
;;
;; It mimics roughly this Clean program (cln 0.33 exports user functions under their Clean names):
;;   functions:
;;       string echo(string s)            -> return s
;;       string greet(string name)        -> return "Hello, " + name + "!"
;;       void say(string s)               -> print(s)
;;       void sayl(string s)              -> printl(s)
;;       void show_integer(integer n)     -> print(n)            (print_integer takes i64)
;;       void show_number(number x)       -> print(x)
;;       void show_boolean(boolean b)     -> print(b)
;;       void report(string message)      -> error(message)
;;       string ask(string prompt)        -> return input(prompt)
;;       string number_text(number x)     -> return x.toString()
;;       number parse_number(string s)    -> return s.toNumber()
;;       number round_trip(number x)      -> return x.toString().toNumber()
;;       integer add_i32(integer a, integer b), add_i64, number half(number x), boolean negate(boolean b)
(module
  (type $lp_lp (func (param i32) (result i32)))
  (import "env" "print" (func $print (param i32 i32)))
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "print_integer" (func $print_integer (param i64)))
  (import "env" "print_float" (func $print_float (param f64)))
  (import "env" "print_boolean" (func $print_boolean (param i32)))
  (import "env" "error" (func $error (param i32) (result i32)))
  (import "env" "input" (func $input (param i32) (result i32)))
  (import "memory_runtime" "mem_alloc" (func $mem_alloc (param i32 i32) (result i32)))
  (import "env" "float_to_string" (func $float_to_string (param f64) (result i32)))
  (import "env" "string_to_float" (func $string_to_float (param i32) (result f64)))
  (import "env" "string.concat" (func $concat (param i32 i32) (result i32)))

  (memory (export "memory") 2 16)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))

  ;; LP string literals
  (data (i32.const 1024) "\07\00\00\00Hello, ")   ;; "Hello, "
  (data (i32.const 1040) "\01\00\00\00!")          ;; "!"
  (data (i32.const 1048) "\02\00\00\00ok")         ;; bytes copied by make_ok

  ;; Bump allocator, same shape as cln 0.33's malloc: 8-byte aligned, grows memory, 0 when it cannot.
  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $old i32) (local $aligned i32) (local $end i32)
    global.get $heap
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
    global.set $heap
    local.get $old)
  (func (export "free") (param i32))
  (func (export "scope_push") (result i32) global.get $heap)
  (func (export "scope_pop") (param i32) local.get 0 global.set $heap)
  (func (export "heap_top") (result i32) global.get $heap)

  ;; strings
  (func (export "echo") (type $lp_lp) local.get 0)
  (func (export "greet") (type $lp_lp)
    (call $concat (call $concat (i32.const 1024) (local.get 0)) (i32.const 1040)))
  (func (export "byte_length") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "say") (param $s i32)
    (call $print (i32.add (local.get $s) (i32.const 4)) (i32.load (local.get $s))))
  (func (export "sayl") (param $s i32)
    (call $printl (i32.add (local.get $s) (i32.const 4)) (i32.load (local.get $s))))
  (func (export "report") (param $s i32) (drop (call $error (local.get $s))))
  (func (export "ask") (type $lp_lp) (call $input (local.get 0)))
  (func (export "ask_no_prompt") (result i32) (call $input (i32.const 0)))

  ;; console numbers
  (func (export "show_integer") (param i64) (call $print_integer (local.get 0)))
  (func (export "show_number") (param f64) (call $print_float (local.get 0)))
  (func (export "show_boolean") (param i32) (call $print_boolean (local.get 0)))

  ;; number <-> text
  (func (export "number_text") (param f64) (result i32) (call $float_to_string (local.get 0)))
  (func (export "parse_number") (param i32) (result f64) (call $string_to_float (local.get 0)))
  (func (export "round_trip") (param f64) (result f64)
    (call $string_to_float (call $float_to_string (local.get 0))))

  ;; memory_runtime.mem_alloc(type_id, size): allocate 6 bytes, write the LP string "ok" into them
  (func (export "make_ok") (result i32)
    (local $p i32)
    (local.set $p (call $mem_alloc (i32.const 0) (i32.const 6)))
    (i32.store (local.get $p) (i32.const 2))
    (i32.store16 (i32.add (local.get $p) (i32.const 4)) (i32.load16_u (i32.const 1052)))
    local.get $p)
  (func (export "alloc") (param i32) (result i32) (call $mem_alloc (i32.const 0) (local.get 0)))

  ;; plain values
  (func (export "add_i32") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "add_i64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "half") (param f64) (result f64) (f64.div (local.get 0) (f64.const 2)))
  (func (export "negate") (param i32) (result i32) (i32.eqz (local.get 0)))
  (func (export "is_negative") (param i64) (result i32) (i64.lt_s (local.get 0) (i64.const 0)))
)
