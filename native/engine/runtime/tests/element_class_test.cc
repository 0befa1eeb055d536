// The element class registry: built-in classes come from the linker-gathered table, packages
// add classes (and may replace built-in ones), and the list is sorted with every name once.
#include "clickos/element_class.hh"

#include <gtest/gtest.h>

#include <set>

#include "clickos/element.hh"

using namespace clickos;

TEST(ElementRegistry, FindsBuiltInClasses) {
    const ElementClass* c = ElementRegistry::global().find("Counter");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->name, "Counter");
    EXPECT_EQ(c->package, "");
    EXPECT_EQ(c->requires_library, "");
    std::unique_ptr<Element> e(c->make());
    EXPECT_STREQ(e->class_name(), "Counter");
    EXPECT_EQ(ElementRegistry::global().find("Counter"), c);  // the same entry each time
    EXPECT_EQ(ElementRegistry::global().find("NoSuchClass"), nullptr);
    EXPECT_EQ(ElementRegistry::global().find(""), nullptr);  // not the registry's placeholder
}

TEST(ElementRegistry, AliasesMakeTheirClass) {
    const ElementClass* alias = ElementRegistry::global().find("SetECN");
    ASSERT_NE(alias, nullptr);
    std::unique_ptr<Element> e(alias->make());
    EXPECT_STREQ(e->class_name(), "SetIPECN");
}

TEST(ElementRegistry, AddedClassesReplaceBuiltInOnes) {
    auto& reg = ElementRegistry::global();
    const ElementClass* builtin = reg.find("Null");
    ASSERT_NE(builtin, nullptr);
    ElementClass saved = *builtin;
    reg.add({"Null", saved.make, "some_package", ""});
    EXPECT_EQ(reg.find("Null")->package, "some_package");
    reg.add(saved);  // as it was, for the tests after this one
    EXPECT_EQ(reg.find("Null")->package, "");
    reg.add({"RegistryTestClass", saved.make, "some_package", ""});
    ASSERT_NE(reg.find("RegistryTestClass"), nullptr);
    EXPECT_EQ(reg.find("RegistryTestClass")->package, "some_package");
}

TEST(ElementRegistry, AllIsSortedWithEveryNameOnce) {
    auto& reg = ElementRegistry::global();
    reg.add({"RegistryTestClass", reg.find("Null")->make, "some_package", ""});
    auto all = reg.all();
    std::set<std::string> names;
    for (size_t i = 0; i < all.size(); ++i) {
        EXPECT_TRUE(names.insert(all[i]->name).second) << all[i]->name << " listed twice";
        if (i) {
            EXPECT_LT(all[i - 1]->name, all[i]->name);
        }
    }
    EXPECT_TRUE(names.count("Counter") && names.count("Idle") && names.count("SetECN"));
    EXPECT_TRUE(names.count("RegistryTestClass"));
    EXPECT_FALSE(names.count(""));
    EXPECT_GT(all.size(), 150u);
}
