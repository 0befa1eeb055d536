/**
 * @element Script
 * @synopsis Script([TYPE,] INSTRUCTIONS...)
 * @category control
 * @summary runs a small program of handler calls, waits and jumps
 * @ports none
 *
 * Each argument is one instruction; they run in order. Instruction text goes through
 * substitution first: `$x` and `${x}` give the script variable x, `$(HANDLER ARGS...)` the
 * value of a read handler (without its final newline), and these nest, as in
 * `set x $(add $x 1)`. `$args` holds the arguments given to the `run` handler, `$1`, `$2`...
 * its words and `$#` their number; `$?` is the status of the last `write` (0 or -1).
 * Substitution happens outside quotes and inside double quotes, not inside single quotes;
 * an unknown variable stays as written.
 *
 * Handler names are `element.handler`, with the element found relative to the script's
 * compound first, like element names; a bare name is one of the script's own handlers
 * (`add`, `lt`, `run`...) or else a global one (`stop`, `version`...).
 *
 * Instructions (the `q` forms remove one level of quotes after substitution):
 *
 * - `set VAR TEXT`, `setq`: sets a variable. `init VAR [TEXT]`, `initq`: sets it once, when
 *   the router starts. `export VAR [TEXT]`, `exportq`: like init, and adds a read handler VAR.
 * - `print [>FILE|>>FILE] [TEXT|HANDLER]`, `printq`, `printn`, `printnq`: prints TEXT with one
 *   level of quotes removed, or, if the argument starts with a letter, `@` or `_`, the value of
 *   that read handler; a newline is added unless present (not by the `n` forms). Output goes to
 *   standard output or to FILE (`>` truncates, `>>` appends).
 * - `read HANDLER [ARGS]`, `readq`: prints "HANDLER:" and the value to standard error.
 * - `write HANDLER [ARGS]`, `writeq`: calls a write handler. `write_skip` is the same but is
 *   skipped while a stop request is waiting to be handled (DriverManager's old form).
 * - `save HANDLER FILE`, `append HANDLER FILE`: writes a read handler's value to FILE (`-` is
 *   standard output).
 * - `pause [N]` (also `wait_step`, `wait_stop`, and `wait` with no argument): waits for N steps
 *   (the `step` handler, or stop requests in a DRIVER script).
 * - `wait TIME` (also `wait_time`, `wait_for`): waits TIME, or until a step, whichever is first.
 * - `label L`; `goto L [COND]`: jumps if COND is empty or true; the labels `begin`, `end`,
 *   `exit`, `stop` and `error` are built in. `loop` jumps to the first instruction. A script
 *   that jumps 1000 times without waiting is stopped as looping.
 * - `end`, `exit`: ends the script. `stop`: ends it and asks the router to stop (in a DRIVER
 *   script, stops the router). `return [VALUE]`, `returnq`: ends it with a value, the result of
 *   reading `run`. `error [MESSAGE]`, `errorq`: ends it with an error.
 *
 * Functions (read handlers that take parameters, usable as `$(add 1 2)`): `add`, `sub`, `mul`
 * (integers while every operand is one, else reals), `div` (real), `idiv` (truncated), `mod`
 * (integers), `rem` (real remainder), `neg`, `abs`; `eq`, `ne`, `lt`, `gt`, `le`, `ge` (numeric
 * when both are numbers, else bytewise on the unquoted text); `not`, `and`, `or`, `nand`,
 * `nor`; `if COND A B`; `in X A B...`; `sprintf FORMAT ARGS...` (d i u o x X s %); `length`,
 * `unquote`, `first`; `random [N | N1 N2]`; `now` (wall-clock time);
 * `readable H...`, `writable H...`.
 *
 * Types: an ACTIVE script runs as soon as the router starts. A PASSIVE script runs only when its
 * `run` handler is called. A DRIVER script is active and also manages the router's stop
 * requests, as DriverManager does (at most one per router): a stop request (from an element's
 * STOP option, the `stop` handler, or the router running out of work) advances the script by
 * one step instead of stopping the router; the router stops when the script executes `stop`,
 * reaches its end, or is stepped by a stop request after it has ended. A DRIVER script without
 * instructions waits for one stop request. The other scripts end with an implicit `end`.
 *
 * Not supported: TYPE PACKET, PROXY and SIGNAL; the `cat` and `kill` functions; `$$`.
 *
 * @arg TYPE keyword: ACTIVE (default), PASSIVE or DRIVER
 * @arg INSTRUCTIONS instruction: one per argument, as above
 * @handler step write: advances past the current `pause` or `wait`; a number gives that many
 *   steps, `router` a step as a stop request gives it
 * @handler goto write: continues the script at the given label
 * @handler run read/write: runs the script from its start (writing passes the value as `$args`);
 *   reading returns the `return` value. With a ControlSocket, `READ s.run ARGS` passes ARGS.
 * @handler add read: the function of the same name; likewise sub, mul, div, idiv, mod, rem, neg,
 *   abs, eq, ne, lt, gt, le, ge, not, and, or, nand, nor, if, in, sprintf, length, unquote,
 *   first, random, now, readable, writable (parameters through `$(...)` or ControlSocket READ)
 * @see DriverManager, ControlSocket
 */
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "clickos/element.hh"
#include "clickos/task.hh"
#include "clickos/timer.hh"
#include "param_handlers.hh"

namespace clickos {

class Script : public Element, public ParamReadHandlers {
  public:
    enum class Type { Active, Passive, Driver };

    Script() : Script(Type::Active) {}
    const char* class_name() const override { return "Script"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    void* cast(const char* name) override;
    bool run_task(Task*) override;
    void run_timer(Timer*) override;

    bool takes_params(const std::string& name) const override;
    bool read_with_params(const std::string& name, const std::string& params, std::string& out,
                          ErrorHandler* errh) override;

    bool is_driver() const { return type_ == Type::Driver; }

  protected:
    explicit Script(Type default_type) : type_(default_type), default_type_(default_type), task_(this), timer_(this) {}

  private:
    enum class Op { Pause, WaitTime, Print, Read, Write, Save, Set, Init, Label, Goto, Return, Error, End, Exit, Stop };
    // Goto targets that are not instructions.
    enum : int { TargetExit = -1, TargetEnd = -2, TargetStop = -3, TargetError = -4 };
    struct Insn {
        explicit Insn(Op o) : op(o) {}
        Op op;
        bool unquote = false;   // the `q` forms
        bool newline = true;    // print (not printn)
        bool skip = false;      // write_skip
        bool append = false;    // append (not save)
        bool exported = false;  // export
        std::string text;       // argument text, substituted when the instruction runs
        std::string name;       // variable (set, init, return) or label (label, goto)
        uint32_t count = 1;     // pause
        Timestamp time;         // wait
        int target = 0;         // goto
        uint32_t progress = 0;  // steps a pause has taken so far
    };
    enum class State { Idle, Running, Blocked, Done };
    enum class End { None, End, Exit, Stop, Return, Error };

    std::string parse_insn(const std::string& text);
    int find_label(const std::string& label) const;

    // Runs from the current instruction with `steps` steps to give to pause/wait instructions,
    // until the script blocks or ends.
    void step(int steps, ErrorHandler* errh);
    void finish(End how);
    void restart_at(int pc);
    bool run_passive(const std::string& args, std::string& out, ErrorHandler* errh);
    void router_step(ErrorHandler* errh);

    std::string substitute(const std::string& text, ErrorHandler* errh, bool protect = false);
    bool variable(const std::string& name, std::string& value) const;
    void set_variable(const std::string& name, const std::string& value);
    const Handler* resolve(const std::string& name, Element** e, std::string& error) const;
    bool call_read(const std::string& call, std::string& out, ErrorHandler* errh, std::string* full_name = nullptr);
    int call_write(const std::string& call, ErrorHandler* errh);
    void print(const Insn& in, ErrorHandler* errh);
    void output(const std::string& file, bool append, const std::string& text, ErrorHandler* errh);

    Type type_;
    Type default_type_;
    std::vector<Insn> insns_;
    std::vector<std::pair<std::string, std::string>> vars_;
    std::vector<std::string> exports_;
    Task task_;
    Timer timer_;
    int pc_ = 0;
    State state_ = State::Idle;
    End end_ = End::None;
    bool running_ = false;  // inside step(): steps arriving now are added to pending_
    int pending_ = 0;
    bool started_ = false;
    int handled_stops_ = 0;
    std::string run_args_;
    std::string return_value_;
    int write_status_ = 0;
};

}  // namespace clickos
