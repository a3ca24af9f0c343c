import { describeFigure, qualifierOfSum } from '../src';

describe('the qualifier of a sum, for every kind of bound', () => {
  it.each([
    [['EXACT'], 'EXACT'],
    [['APPROXIMATELY'], 'APPROXIMATELY'],
    [['EXACT', 'APPROXIMATELY', 'EXACT'], 'APPROXIMATELY'],
    // Lower bounds: "more than" is the stronger claim once one of the parts makes it.
    [['AT_LEAST'], 'AT_LEAST'],
    [['AT_LEAST', 'AT_LEAST', 'EXACT'], 'AT_LEAST'],
    [['MORE_THAN'], 'MORE_THAN'],
    [['MORE_THAN', 'AT_LEAST'], 'MORE_THAN'],
    // Upper bounds, the same way.
    [['AT_MOST'], 'AT_MOST'],
    [['AT_MOST', 'EXACT'], 'AT_MOST'],
    [['LESS_THAN'], 'LESS_THAN'],
    [['AT_MOST', 'LESS_THAN'], 'LESS_THAN'],
    // A lower and an upper bound together say nothing certain either way.
    [['AT_LEAST', 'AT_MOST'], 'APPROXIMATELY'],
    [['AT_LEAST', 'LESS_THAN'], 'APPROXIMATELY'],
    [['MORE_THAN', 'AT_MOST'], 'APPROXIMATELY'],
    [['AT_MOST', 'MORE_THAN', 'EXACT'], 'APPROXIMATELY'],
    [['APPROXIMATELY', 'AT_MOST'], 'APPROXIMATELY'],
    [['APPROXIMATELY', 'AT_LEAST'], 'APPROXIMATELY'],
  ] as const)('%j sums to %s', (qualifiers, expected) => {
    expect(qualifierOfSum(qualifiers)).toBe(expected);
  });
});

describe('a figure as a person reads it', () => {
  it.each([
    [{ value: 12, qualifier: 'EXACT', unit: 'people' }, '12 people'],
    [{ value: 3, qualifier: 'AT_LEAST', unit: 'workshops' }, 'at least 3 workshops'],
    [{ value: 10, qualifier: 'LESS_THAN', unit: 'events' }, 'less than 10 events'],
    [{ value: 5, qualifier: 'AT_MOST', unit: 'regions' }, 'at most 5 regions'],
    [{ value: 1234567, qualifier: 'EXACT', unit: 'people' }, '1,234,567 people'],
    [{ value: 1000, qualifier: 'EXACT', unit: 'CLP', currency: 'CLP' }, 'CLP 1,000'],
    [{ value: 2500.5, qualifier: 'MORE_THAN', unit: 'PEN', currency: 'PEN' }, 'more than PEN 2,500.5'],
    [{ value: 7, qualifier: 'EXACT', unit: 'people', currency: null }, '7 people'],
  ] as const)('%j reads "%s"', (figure, text) => {
    expect(describeFigure(figure)).toBe(text);
  });
});
