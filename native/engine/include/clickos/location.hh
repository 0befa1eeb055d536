// Source locations of the engine's element API (the language's own type).
#pragma once
#include "lang/location.hh"

namespace clickos {
using lang::Location;
}
