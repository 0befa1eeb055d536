// Element packages: require(package NAME) loads a shared library from the package path and
// registers its classes; a package built for another element API version is refused.
#include "clickos/packages.hh"

#include <gtest/gtest.h>

#include "lang/flatten.hh"
#include "testing.hh"

using namespace clickos;

namespace {
std::string build_with_packages(const std::string& config, std::unique_ptr<Router>* out = nullptr) {
    lang::Diagnostics diag;
    auto g = lang::parse_and_flatten(config, "test.click", diag);
    CollectingErrorHandler errh;
    RouterOptions o;
    o.package_path = {TEST_PACKAGE_DIR};
    auto r = Router::build(g, &errh, o);
    if (out) *out = std::move(r);
    return errh.str();
}
}  // namespace

TEST(Packages, LoadsAPackageAndItsClasses) {
    std::unique_ptr<Router> r;
    EXPECT_EQ(build_with_packages(
                  "require(package hello_package);\nin :: TestInject -> HelloMark -> out :: TestCollect;", &r),
              "");
    ASSERT_TRUE(r);
    static_cast<clickos::testing::TestInject*>(r->find("in"))->send("x");
    auto* out = static_cast<clickos::testing::TestCollect*>(r->find("out"));
    ASSERT_EQ(out->packets.size(), 1u);
    EXPECT_EQ(out->packets[0]->paint_anno(), 42);
    const ElementClass* c = ElementRegistry::global().find("HelloMark");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->package, "hello_package");
}

TEST(Packages, MismatchedApiVersionIsRefused) {
    std::string e = build_with_packages("require(package old_package);\nIdle -> Discard;");
    EXPECT_NE(e.find("test.click:1:9: require(package old_package): "), std::string::npos) << e;
    EXPECT_NE(e.find("was built for element API 999999, but this engine provides element API " +
                     std::to_string(CLICKOS_ELEMENT_API_VERSION) + ": rebuild the package"),
              std::string::npos)
        << e;
}

TEST(Packages, MissingPackageAndBadNames) {
    std::string e = build_with_packages("require(package nothing_here);\nIdle -> Discard;");
    EXPECT_NE(e.find("test.click:1:9: require(package nothing_here): package not found in " TEST_PACKAGE_DIR),
              std::string::npos)
        << e;
    std::string error;
    EXPECT_EQ(load_element_package("../etc/passwd", {TEST_PACKAGE_DIR}, error), nullptr);
    EXPECT_EQ(error, "invalid package name '../etc/passwd'");
}

TEST(Packages, SearchPathAddsTheEnvironmentsDirectories) {
    setenv("CLICKOS_PACKAGE_PATH", "/a::/b/c:", 1);
    EXPECT_EQ(package_search_path({"/x"}), (std::vector<std::string>{"/x", "/a", "/b/c"}));
    setenv("CLICKOS_PACKAGE_PATH", "", 1);
    EXPECT_EQ(package_search_path({"/x"}), (std::vector<std::string>{"/x"}));
    unsetenv("CLICKOS_PACKAGE_PATH");
}
