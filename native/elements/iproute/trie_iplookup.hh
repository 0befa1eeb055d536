// The part of RadixIPLookup and DirectIPLookup that is the same: a PrefixTrie whose values
// are next-hop indices, kept in step with the route set. They differ in the trie's shape.
#pragma once
#include <arpa/inet.h>

#include "iproutetable.hh"
#include "next_hops.hh"
#include "prefix_trie.hh"

namespace clickos {

template <typename Derived, int FirstBits, int StrideBits>
class TrieIPLookup : public IPRouteTableImpl<Derived> {
  public:
    using Trie = PrefixTrie<FirstBits, StrideBits>;

    int lookup(uint32_t dst, uint32_t& gw) const {
        // Next hop 0 is "no route": port -1, no gateway, so there is no branch here.
        const NextHop& h = hops_[trie_.lookup(ntohl(dst))];
        gw = h.gw;
        return h.port;
    }
    const Trie& trie() const { return trie_; }

  protected:
    int structure_init(ErrorHandler* errh) override {
        return trie_.init() ? 0 : errh->error("out of memory for the lookup table");
    }
    void structure_set(const IPRoute& r, const IPRoute* replaced) override {
        uint32_t h = hops_.acquire(r.gw, r.port);
        trie_.insert(ntohl(r.addr), r.prefix_len(), h);
        if (replaced) hops_.release(hops_.find(replaced->gw, replaced->port));
    }
    void structure_erase(const IPRoute& r, const IPRoute* fallback) override {
        uint32_t fb = fallback ? hops_.find(fallback->gw, fallback->port) : 0;
        trie_.remove(ntohl(r.addr), r.prefix_len(), fb, fallback ? fallback->prefix_len() : 0);
        hops_.release(hops_.find(r.gw, r.port));
    }
    void structure_clear() override {
        trie_.clear();
        hops_.clear();
    }

  private:
    Trie trie_;
    NextHopTable hops_;
};

}  // namespace clickos
