;; Exports with each kind of result, for `run --entry NAME`, which prints the result after the guest's output:
;;   text:     prints a line, returns the LP string "the result" (i32: a Clean string)
;;   count:    returns -7 as i64 (an integer)
;;   ratio:    returns 2.5 as f64; whole: returns 3.0 as f64 (printed "3", as float_to_string formats it)
;;   half:     returns 0.5 as f32
;;   nothing:  prints a line, returns nothing
;;   late:     starts a background task that prints after 200 ms, returns the LP string "the result" at once
;;   pair:     two results (nothing is printed for them)
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "_server_sleep" (func $sleep (param i64)))
  (import "env" "spawn_task" (func $spawn (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))
  (data (i32.const 1024) "guest output first")
  (data (i32.const 1056) "\0a\00\00\00the result")
  (data (i32.const 1088) "echo")
  (data (i32.const 1104) "[]")
  (data (i32.const 1120) "background output")
  (func (export "malloc") (param $size i32) (result i32)
    (local $ptr i32)
    global.get $heap
    local.set $ptr
    local.get $ptr
    local.get $size
    i32.add
    i32.const 7
    i32.add
    i32.const -8
    i32.and
    global.set $heap
    local.get $ptr)
  (func (export "text") (result i32)
    i32.const 1024
    i32.const 18
    call $printl
    i32.const 1056)
  (func (export "count") (result i64) i64.const -7)
  (func (export "ratio") (result f64) f64.const 2.5)
  (func (export "whole") (result f64) f64.const 3)
  (func (export "half") (result f32) f32.const 0.5)
  (func (export "nothing")
    i32.const 1024
    i32.const 18
    call $printl)
  (func (export "echo")
    i64.const 200
    call $sleep
    i32.const 1120
    i32.const 17
    call $printl)
  (func (export "late") (result i32)
    i32.const 1088
    i32.const 4
    i32.const 1104
    i32.const 2
    call $spawn
    drop
    i32.const 1056)
  (func (export "pair") (result i32 i32)
    i32.const 1
    i32.const 2))
