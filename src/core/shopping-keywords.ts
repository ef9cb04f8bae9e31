// The built-in keyword map of src/core/shopping-categories.ts.

/**
 * Words that suggest a built-in aisle, comma-separated (a keyword may be a phrase: "ice cream").
 * Deliberately small: the household's own filing (see guessCategory) soon outweighs it.
 */
export const CATEGORY_KEYWORDS: Readonly<Record<string, string>> = {
  Produce:
    "apple, banana, orange, lemon, lime, grape, pear, peach, plum, berry, berries, strawberry, " +
    "strawberries, blueberry, blueberries, raspberry, raspberries, melon, watermelon, mango, pineapple, " +
    "kiwi, avocado, tomato, tomatoes, potato, potatoes, onion, garlic, carrot, lettuce, salad, spinach, " +
    "kale, cucumber, pepper, zucchini, courgette, broccoli, cauliflower, cabbage, celery, mushroom, herb, " +
    "basil, parsley, cilantro, coriander, ginger, leek, corn, bean sprouts, fruit, vegetable, veg",
  Bakery: "bread, baguette, roll, bun, bagel, croissant, muffin, cake, pastry, tortilla, pita, loaf",
  "Meat & fish":
    "chicken, beef, pork, lamb, turkey, mince, steak, sausage, bacon, ham, salami, fish, salmon, tuna, " +
    "cod, shrimp, prawn, meat",
  Dairy: "milk, cheese, butter, yogurt, yoghurt, cream, egg, eggs, quark, kefir, mozzarella, parmesan, feta",
  Frozen: "frozen, ice cream, ice, peas, fries, pizza",
  Pantry:
    "rice, pasta, spaghetti, noodle, flour, sugar, salt, oil, vinegar, sauce, ketchup, mustard, mayo, " +
    "mayonnaise, honey, jam, cereal, oats, muesli, cracker, biscuit, cookie, chocolate, chips, crisps, " +
    "nuts, lentil, chickpea, canned, tin, soup, spice, stock, coffee, tea, peanut butter, baking, yeast",
  Drinks: "water, juice, soda, cola, lemonade, beer, wine, sparkling, drink, smoothie",
  Household:
    "toilet paper, paper towel, kitchen roll, detergent, dish soap, washing up, sponge, bin bag, " +
    "trash bag, garbage bag, foil, cling film, bleach, cleaner, battery, batteries, light bulb, bulb, " +
    "candle, napkin, tissues, laundry, softener",
  "Personal care":
    "shampoo, conditioner, soap, toothpaste, toothbrush, floss, deodorant, razor, lotion, sunscreen, " +
    "plaster, bandage, tampon, pad, diaper, nappy, nappies, diapers, vitamin, painkiller, ibuprofen, " +
    "paracetamol",
};
