// Boolean expressions over word tests: what a front end (Classifier patterns, the IP filter
// language) builds before match_compiler.hh turns an ordered list of them into a Program.
//
//   ExprBuilder b;
//   auto e = b.all_of({b.bytes(Base::Data, 12, value, mask, 2), b.negate(other)});
//
// Expressions are nodes in the builder, named by Id; they can be shared between rules.
// bytes() is the usual leaf: it splits a byte pattern into tests of aligned 4-byte words,
// which lets the compiler merge and compare tests on the same word.
#pragma once
#include <cstdint>
#include <map>
#include <vector>

#include "match_program.hh"

namespace clickos::classification {

class ExprBuilder {
  public:
    using Id = int32_t;
    enum class Kind : uint8_t { True, False, Test, And, Or, Not };
    struct Node {
        Kind kind;
        WordTest test;         // Test
        std::vector<Id> kids;  // And, Or (any number), Not (one)
    };

    ExprBuilder() {
        nodes_.push_back({Kind::True, {}, {}});
        nodes_.push_back({Kind::False, {}, {}});
    }

    Id always() const { return 0; }
    Id never() const { return 1; }
    Id test(const WordTest& t) {
        WordTest n = t;
        n.value &= n.mask;
        if (n.mask == 0) return always();  // tests nothing
        return add({Kind::Test, n, {}});
    }
    // The n bytes at `offset` from `base`, each compared under its mask (mask null: all
    // bits). Bytes whose mask is zero are not tested. A packet that ends before a tested
    // byte does not match (unless short_yes).
    Id bytes(Base base, uint32_t offset, const void* value, const void* mask, size_t n, bool short_yes = false) {
        const auto* v = static_cast<const uint8_t*>(value);
        const auto* m = static_cast<const uint8_t*>(mask);
        std::map<uint32_t, std::pair<uint32_t, uint32_t>> words;  // aligned offset -> (mask, value)
        for (size_t i = 0; i < n; ++i) {
            uint32_t off = offset + uint32_t(i);
            uint8_t mb = m ? m[i] : 0xFF;
            if (!mb) continue;
            auto& w = words[off & ~3u];
            uint8_t wm[4], wv[4];
            unpack_word(w.first, wm);
            unpack_word(w.second, wv);
            wm[off & 3] = mb;
            wv[off & 3] = uint8_t(v[i] & mb);
            w = {pack_word(wm), pack_word(wv)};
        }
        std::vector<Id> parts;
        for (const auto& [off, mv] : words) parts.push_back(test(WordTest{base, off, mv.first, mv.second, short_yes}));
        return all_of(std::move(parts));
    }
    Id all_of(std::vector<Id> kids) { return combine(Kind::And, std::move(kids)); }
    Id any_of(std::vector<Id> kids) { return combine(Kind::Or, std::move(kids)); }
    Id negate(Id e) {
        if (e == always()) return never();
        if (e == never()) return always();
        if (nodes_[size_t(e)].kind == Kind::Not) return nodes_[size_t(e)].kids[0];
        return add({Kind::Not, {}, {e}});
    }

    const Node& node(Id e) const { return nodes_[size_t(e)]; }
    size_t size() const { return nodes_.size(); }

  private:
    Id add(Node n) {
        nodes_.push_back(std::move(n));
        return Id(nodes_.size() - 1);
    }
    // Folds constants and flattens nested nodes of the same kind.
    Id combine(Kind kind, std::vector<Id> kids) {
        Id unit = kind == Kind::And ? always() : never();
        Id zero = kind == Kind::And ? never() : always();
        std::vector<Id> flat;
        for (Id k : kids) {
            if (k == unit) continue;
            if (k == zero) return zero;
            if (nodes_[size_t(k)].kind == kind)
                flat.insert(flat.end(), nodes_[size_t(k)].kids.begin(), nodes_[size_t(k)].kids.end());
            else
                flat.push_back(k);
        }
        if (flat.empty()) return unit;
        if (flat.size() == 1) return flat[0];
        return add({kind, {}, std::move(flat)});
    }

    std::vector<Node> nodes_;
};

}  // namespace clickos::classification
