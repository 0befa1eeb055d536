// Path specialization of a match program: where paths that know different things meet
// (after "tcp and dst port 22" fails, the packet may or may not be TCP), the program's
// DAG forgets what each path knew, and later rules test the protocol again. This pass
// copies such steps per incoming knowledge, so each copy skips the tests its paths
// already decided: a UDP packet that failed "udp dst port 53" does not ask again whether
// it is TCP, UDP or a first fragment.
//
// Copies are keyed by the facts that can still matter (facts about words tested further
// on), so paths that differ only in irrelevant facts share one copy. Growth is bounded:
// programs that would more than double (plus a little) keep their original form.
#pragma once
#include "classification/match_program.hh"

namespace clickos::ipfilter {

// Programs with more steps than this are left as they are (tables serve those better).
constexpr size_t max_specialized_steps = 256;

// The specialized program, or `program` itself if specializing would not pay or would
// grow it too much.
classification::Program specialize_paths(const classification::Program& program);

}  // namespace clickos::ipfilter
