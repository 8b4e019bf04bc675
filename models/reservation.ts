/** Values allocated once per key (document numbers per case and step), so retries reuse them. */
import mongoose, { Schema } from 'mongoose';

interface Reservation {
  _id: string;
  value: string;
}

export const ReservationModel = mongoose.model<Reservation>(
  'Reservation',
  new Schema<Reservation>(
    { _id: { type: String, required: true }, value: { type: String, required: true } },
    { versionKey: false, collection: 'reservations' },
  ),
);
