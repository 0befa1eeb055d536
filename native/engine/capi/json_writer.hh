// A minimal streaming JSON writer for the C ABI's results.
#pragma once
#include <string>
#include <string_view>

namespace clickos::capi {

class JsonWriter {
  public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view k);
    JsonWriter& value(std::string_view v);
    JsonWriter& value(const char* v) { return value(std::string_view(v)); }
    JsonWriter& value(long long v);
    JsonWriter& value(int v) { return value(static_cast<long long>(v)); }
    JsonWriter& value(bool v);
    const std::string& str() const { return out_; }

  private:
    void separate();
    void string(std::string_view s);
    std::string out_;
    bool need_comma_ = false;
};

}  // namespace clickos::capi
