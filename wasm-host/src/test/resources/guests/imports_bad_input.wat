;; imports_bad_input.wat: thin exports that hand the portable imports whatever the test passes, to check
;; that bad input is a typed error naming the import and the value (PortableImportsErrorsTest). Strings
;; from Java arrive as LP pointers; raw i32 arguments are passed through unchanged.
(module
  (import "env" "string_substring" (func $substring (param i32 i32 i32) (result i32)))
  (import "env" "string.repeat" (func $repeat (param i32 i32 i32) (result i32)))
  (import "env" "string_matches" (func $matches (param i32 i32 i32) (result i32)))
  (import "env" "string.trim" (func $trim (param i32) (result i32)))
  (import "env" "string_compare" (func $compare_pairs (param i32 i32 i32 i32) (result i32)))
  (import "env" "string_replace" (func $replace (param i32 i32 i32) (result i32)))
  (import "env" "list.push_f64" (func $push (param i32 f64) (result i32)))
  (import "env" "_arena_scope_push" (func $arena_push (result i32)))
  (import "env" "_arena_scope_pop" (func $arena_pop (param i32)))
  (import "env" "_i18n_set_locale" (func $set_locale (param i32 i32)))
  (import "env" "_i18n_format_number" (func $format_number (param f64 i32 i32 i32 i32) (result i32)))
  (import "env" "_i18n_format_currency" (func $format_currency (param f64 i32 i32 i32 i32) (result i32)))
  (import "env" "_i18n_format_date" (func $format_date (param f64 i32 i32 i32 i32) (result i32)))
  (import "env" "input_range" (func $input_range (param i32 i32 i32 i32) (result i32)))
  (import "env" "error" (func $error_pair (param i32 i32) (result i32)))

  (memory (export "memory") 2 4)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 8192))
  (data (i32.const 1024) "\ff\fe")   ;; not UTF-8
  (data (i32.const 1032) "ok")

  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $old i32) (local $end i32)
    global.get $heap
    local.set $old
    local.get $old
    local.get $size
    i32.const 7
    i32.add
    i32.const -8
    i32.and
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
    local.get $old
  )

  (func (export "substring") (param i32 i32 i32) (result i32)
    local.get 0
    local.get 1
    local.get 2
    call $substring)
  (func (export "repeat") (param i32 i32) (result i32)
    local.get 0
    i32.const 0
    local.get 1
    call $repeat)
  (func (export "matches") (param i32 i32) (result i32)
    local.get 0
    i32.const 0
    local.get 1
    call $matches)
  (func (export "trim") (param i32) (result i32)
    local.get 0
    call $trim)
  (func (export "compare_pairs") (param i32 i32 i32 i32) (result i32)
    local.get 0
    local.get 1
    local.get 2
    local.get 3
    call $compare_pairs)
  (func (export "replace") (param i32 i32 i32) (result i32)
    local.get 0
    local.get 1
    local.get 2
    call $replace)
  (func (export "push") (param i32 f64) (result i32)
    local.get 0
    local.get 1
    call $push)
  ;; a list of capacity $cap holding $len elements, from malloc
  (func (export "new_list") (param $len i32) (param $cap i32) (result i32)
    (local $list i32)
    local.get $cap
    i32.const 8
    i32.mul
    i32.const 16
    i32.add
    call $malloc
    local.tee $list
    local.get $len
    i32.store
    local.get $list
    local.get $cap
    i32.store offset=4
    local.get $list)
  (func (export "arena_push") (result i32)
    call $arena_push)
  (func (export "arena_pop") (param i32)
    local.get 0
    call $arena_pop)
  ;; the exports below take LP strings and pass them on as (ptr, len), as cln 0.33 does for these imports
  (func (export "set_locale") (param i32)
    local.get 0
    i32.const 4
    i32.add
    local.get 0
    i32.load
    call $set_locale)
  (func (export "format_number") (param f64 i32) (result i32)
    local.get 0
    i32.const 0
    i32.const 0
    local.get 1
    i32.const 4
    i32.add
    local.get 1
    i32.load
    call $format_number)
  (func (export "format_currency") (param i32) (result i32)
    f64.const 1
    local.get 0
    i32.const 4
    i32.add
    local.get 0
    i32.load
    i32.const 0
    i32.const 0
    call $format_currency)
  (func (export "format_date") (param f64 i32) (result i32)
    local.get 0
    local.get 1
    i32.const 4
    i32.add
    local.get 1
    i32.load
    i32.const 0
    i32.const 0
    call $format_date)
  (func (export "input_range") (param i32 i32) (result i32)
    i32.const 1032
    i32.const 2
    local.get 0
    local.get 1
    call $input_range)
  (func (export "error_pair") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    call $error_pair)
)
