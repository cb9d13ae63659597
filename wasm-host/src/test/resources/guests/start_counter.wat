;; start_counter.wat — a module with a WebAssembly start function that changes memory the data segment set.
;;
;; Tests (CopyOnWriteInstanceTest): the host's memory image must be taken after the data segments and
;; before any guest code runs, the module's own start function included. The start function increments
;; the counter at address 16 (the data segment sets it to 41) and appends to a marker byte at 64 + counter;
;; on every fresh instance, image-backed or not, `counter()` must be 42 and `marker()` 1. An image taken
;; after the start function ran would make later instances count 43.
;;
;; Not Clean output: cln 0.33 modules have no start section (their entry points are exports); this guest
;; exists only to pin down when the image is taken.
(module
  (memory (;0;) 2 4)
  (global $started (mut i32) (i32.const 0))
  (export "memory" (memory 0))
  (data (i32.const 16) "\29\00\00\00")
  (data (i32.const 65536) "second page")

  (func $init
    i32.const 16
    i32.const 16
    i32.load
    i32.const 1
    i32.add
    i32.store
    ;; marker[counter] += 1, so a second run of init would leave two marks
    i32.const 64
    i32.const 16
    i32.load
    i32.add
    i32.const 64
    i32.const 16
    i32.load
    i32.add
    i32.load8_u
    i32.const 1
    i32.add
    i32.store8
    global.get $started
    i32.const 1
    i32.add
    global.set $started)
  (start $init)

  (func (export "counter") (result i32)
    i32.const 16
    i32.load)

  (func (export "marker") (result i32)
    i32.const 64
    i32.const 16
    i32.load
    i32.add
    i32.load8_u)

  (func (export "marks") (result i32)
    (local $i i32) (local $sum i32)
    loop $l
      local.get $sum
      i32.const 64
      local.get $i
      i32.add
      i32.load8_u
      i32.add
      local.set $sum
      local.get $i
      i32.const 1
      i32.add
      local.tee $i
      i32.const 128
      i32.lt_u
      br_if $l
    end
    local.get $sum)

  (func (export "started") (result i32)
    global.get $started))
