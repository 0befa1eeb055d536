#include "json_writer.hh"

namespace clickos::capi {

void JsonWriter::separate() {
    if (need_comma_) out_ += ',';
    need_comma_ = false;
}

void JsonWriter::string(std::string_view s) {
    static const char hex[] = "0123456789abcdef";
    out_ += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"': out_ += "\\\""; break;
            case '\\': out_ += "\\\\"; break;
            case '\n': out_ += "\\n"; break;
            case '\t': out_ += "\\t"; break;
            case '\r': out_ += "\\r"; break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    out_ += "\\u00";
                    out_ += hex[c >> 4];
                    out_ += hex[c & 15];
                } else {
                    out_ += static_cast<char>(c);
                }
        }
    }
    out_ += '"';
}

JsonWriter& JsonWriter::begin_object() {
    separate();
    out_ += '{';
    return *this;
}
JsonWriter& JsonWriter::end_object() {
    out_ += '}';
    need_comma_ = true;
    return *this;
}
JsonWriter& JsonWriter::begin_array() {
    separate();
    out_ += '[';
    return *this;
}
JsonWriter& JsonWriter::end_array() {
    out_ += ']';
    need_comma_ = true;
    return *this;
}
JsonWriter& JsonWriter::key(std::string_view k) {
    separate();
    string(k);
    out_ += ':';
    return *this;
}
JsonWriter& JsonWriter::value(std::string_view v) {
    separate();
    string(v);
    need_comma_ = true;
    return *this;
}
JsonWriter& JsonWriter::value(long long v) {
    separate();
    out_ += std::to_string(v);
    need_comma_ = true;
    return *this;
}
JsonWriter& JsonWriter::value(bool v) {
    separate();
    out_ += v ? "true" : "false";
    need_comma_ = true;
    return *this;
}

}  // namespace clickos::capi
