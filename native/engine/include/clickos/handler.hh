// Handlers: named read and write entry points of an element (or of the router), reached
// through ControlSocket, clickos-run -h, Script and the host library.
#pragma once
#include <functional>
#include <string>

namespace clickos {

class Element;
class ErrorHandler;

// Returns the handler's text (Click's handlers end lines with '\n').
using ReadHandler = std::function<std::string(Element* e)>;
// Applies `value`; returns 0, or -1 after reporting through errh.
using WriteHandler = std::function<int(const std::string& value, Element* e, ErrorHandler* errh)>;

enum HandlerFlags : int {
    HANDLER_CALM = 0,
    HANDLER_RAW = 1,        // value passed verbatim (no whitespace trimming)
    HANDLER_EXPENSIVE = 2,  // reading it costs (not polled by tools)
    HANDLER_BUTTON = 4,     // write-only action that ignores its value
    HANDLER_DEPRECATED = 8,
};

struct Handler {
    std::string name;
    ReadHandler read;
    WriteHandler write;
    int flags = 0;
    bool readable() const { return bool(read); }
    bool writable() const { return bool(write); }
};

}  // namespace clickos
