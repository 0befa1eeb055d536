// Helpers for the trace tests: temporary files, little-endian field encoders to write pcap
// files by hand from the format's description, and running tcpdump/tshark when present.
#pragma once
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace tracetest {

inline std::string temp_path(const std::string& name) {
    return ::testing::TempDir() + "clickos_traces_" + std::to_string(::getpid()) + "_" + name;
}

inline void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), std::streamsize(bytes.size()));
}

inline std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

inline std::string le16(uint16_t v) {
    return std::string{char(v & 0xff), char(v >> 8)};
}
inline std::string le32(uint32_t v) {
    return std::string{char(v & 0xff), char((v >> 8) & 0xff), char((v >> 16) & 0xff), char(v >> 24)};
}
inline std::string be16(uint16_t v) {
    return std::string{char(v >> 8), char(v & 0xff)};
}
inline std::string be32(uint32_t v) {
    return std::string{char(v >> 24), char((v >> 16) & 0xff), char((v >> 8) & 0xff), char(v & 0xff)};
}

inline bool little_endian_host() {
    uint16_t x = 1;
    return *reinterpret_cast<uint8_t*>(&x) == 1;
}

// A pcap file header, written field by field as the format describes.
inline std::string pcap_header(uint32_t magic, uint32_t snaplen, uint32_t linktype, bool big_endian = false) {
    if (big_endian) return be32(magic) + be16(2) + be16(4) + be32(0) + be32(0) + be32(snaplen) + be32(linktype);
    return le32(magic) + le16(2) + le16(4) + le32(0) + le32(0) + le32(snaplen) + le32(linktype);
}
inline std::string pcap_record(uint32_t sec, uint32_t frac, const std::string& data, uint32_t len = 0,
                               bool big_endian = false) {
    uint32_t caplen = uint32_t(data.size());
    if (!len) len = caplen;
    if (big_endian) return be32(sec) + be32(frac) + be32(caplen) + be32(len) + data;
    return le32(sec) + le32(frac) + le32(caplen) + le32(len) + data;
}

inline bool have_tool(const std::string& name) {
    return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// Runs a shell command and returns its standard output.
inline std::string run(const std::string& command) {
    std::string out = temp_path("tool_output");
    int rc = std::system((command + " >" + out + " 2>/dev/null").c_str());
    std::string text = read_file(out);
    std::remove(out.c_str());
    if (rc != 0) ADD_FAILURE() << "command failed (" << rc << "): " << command;
    return text;
}

}  // namespace tracetest
