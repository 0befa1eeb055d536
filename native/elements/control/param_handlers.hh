// Read handlers that take parameters, as Click's READ_PARAM handlers do (Script's `add 1 2`,
// `run ARGS`). The runtime's handler table has no parameters, so an element that offers such
// handlers answers cast(ParamReadHandlers::cast_name), and ControlSocket (READ h PARAMS) and
// Script ($(h PARAMS)) call them through this interface.
#pragma once
#include <string>

namespace clickos {

class ErrorHandler;

class ParamReadHandlers {
  public:
    static constexpr const char* cast_name = "ParamReadHandlers";
    virtual ~ParamReadHandlers() = default;
    // Whether the read handler `name` accepts parameters.
    virtual bool takes_params(const std::string& name) const = 0;
    // Calls it; returns false after reporting to errh.
    virtual bool read_with_params(const std::string& name, const std::string& params, std::string& out,
                                  ErrorHandler* errh) = 0;
};

}  // namespace clickos
